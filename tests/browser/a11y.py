"""Accessibility checks in the browser: axe-core's WCAG 2 A/AA rules, page width at 1366 px and at 200 % zoom.

GB/T 37668-2019 (信息技术 互联网内容无障碍可访问性技术要求与测试方法) follows WCAG 2.0 AA; axe-core (vendored from
npm under ``vendor/axe-core``) runs the rules tagged wcag2a, wcag2aa, wcag21a and wcag21aa.
"""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1366, "height": 768}
ZOOM_200 = {"width": 683, "height": 384}  # 1366 × 768 at 200 %: the same page in half the CSS pixels


def axe_violations(page) -> list[dict]:
    """Violations of the WCAG 2 A/AA rules on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
        }""",
        WCAG_TAGS,
    )
    return result


def overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0: no horizontal scrolling)."""
    return page.evaluate("() => Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth)")


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"]:
            lines.append(f"      {node['target']} — {(node['summary'] or '').splitlines()[-1].strip()[:160]}")
    return "\n".join(lines)


def chinese_interface_text(page) -> list[str]:
    """In English mode: interface texts (menu, buttons, field labels, fieldset headings, help texts) still in Chinese
    (headings and table cells carry data, such as names, and are not checked). Data (names, places) is not interface text; content kept in Chinese on purpose is marked lang="zh-Hans"."""
    return page.evaluate(
        """() => {
            const han = /[\u4e00-\u9fff]/;
            const out = [];
            for (const el of document.querySelectorAll(
                    'nav.navbar .nav-link, nav.navbar .dropdown-item, button, label, legend, .form-text')) {
                if (el.closest('[lang^="zh"]') || el.closest('.navbar-text')) continue;
                const text = (el.innerText || '').trim();
                if (han.test(text)) out.push(el.tagName.toLowerCase() + ': ' + text.slice(0, 60));
            }
            return out.slice(0, 10);
        }""")
