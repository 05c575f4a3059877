"""Evaluation rounds （二十九）: list, compute, recompute a draft, publish, the ranking with its contributions and
rank-stability ranges, xlsx and PDF."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from ectalent.core.errors import error_text
from ectalent.core.exports import Book, bytes_response, stamped, write_table
from ectalent.core.forms import bootstrap
from ectalent.regions.models import Region

from . import rounds
from .models import EvaluationRound

COLOURS = ["#0b5ed7", "#198754", "#b35c00", "#6f42c1", "#d63384", "#0f5132"]


class RoundForm(forms.Form):
    name = forms.CharField(label=_l("名称"), max_length=128)
    year = forms.IntegerField(label=_l("评价年度"), min_value=2015, max_value=2100)
    area = forms.ModelChoiceField(label=_l("评价范围"), queryset=Region.objects.none(),
                                  help_text=_l("评价其下一级的各地区（省：各设区市；市：各县（市、区））"))
    corrects = forms.ModelChoiceField(label=_l("更正已发布的评价（可选）"), queryset=EvaluationRound.objects.none(),
                                      required=False)
    note = forms.CharField(label=_l("说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Region.objects.subtree(user.region).filter(level__in=("province", "city"))
        self.fields["corrects"].queryset = EvaluationRound.objects.filter(status="published")
        bootstrap(self)


def _get_round(request, pk) -> EvaluationRound:
    try:
        return EvaluationRound.objects.visible_to(request.user).select_related("area").get(pk=pk)
    except EvaluationRound.DoesNotExist:
        raise Http404 from None


@login_required
def round_list(request):
    user = request.user
    form = None
    if rounds.can_manage(user):
        form = RoundForm(request.POST or None, user=user, initial={
            "year": timezone.localdate().year - 1, "area": user.region_id,
            "name": _("%(year)s 年度全省电子商务发展评价") % {"year": timezone.localdate().year - 1}})
        if request.method == "POST" and form.is_valid():
            try:
                rnd = rounds.create_round(acting_user=user, **form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, error_text(exc))
            except PermissionDenied as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("已计算：输入数据已冻结。核对后发布；发布后不再改变。"))
                return redirect("demonstration:round-detail", rnd.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "demonstration/round_list.html", {
        "rounds": EvaluationRound.objects.visible_to(user).select_related("area", "corrects"), "form": form,
    })


def _bars(rnd, ranked, indicators):
    """The stacked bar of contributions per ranked region (SVG rectangles in %)."""
    out = []
    for r in ranked:
        x = 0.0
        parts = []
        for n, ind in enumerate(indicators):
            w = r.contributions.get(ind.code, 0.0)
            parts.append({"x": x, "w": w, "colour": COLOURS[n % len(COLOURS)], "label": ind.label, "value": w})
            x += w
        out.append({"result": r, "parts": parts})
    return out


@login_required
def round_detail(request, pk):
    rnd = _get_round(request, pk)
    ranked, incomplete = rounds.ordered_results(rnd)
    indicators = list(rnd.indicators.all())
    n = len(ranked)
    for r in ranked:
        r.range_left = 100.0 * (r.best_rank - 1) / n if n else 0
        r.range_width = 100.0 * (r.worst_rank - r.best_rank + 1) / n if n else 0
        r.rank_left = 100.0 * (r.rank - 1) / n if n else 0
    legend = [{"label": i.label, "colour": COLOURS[k % len(COLOURS)]} for k, i in enumerate(indicators)]
    return render(request, "demonstration/round_detail.html", {
        "round": rnd, "ranked": ranked, "incomplete": incomplete, "indicators": indicators,
        "bars": _bars(rnd, ranked, indicators), "legend": legend, "n": n,
        "can_manage": rounds.can_manage(request.user) and request.user.region.contains(rnd.area),
        "labels": {i.code: i.label for i in indicators},
    })


@login_required
@require_POST
def round_action(request, pk, op):
    rnd = _get_round(request, pk)
    try:
        if op == "publish":
            rounds.publish(rnd, acting_user=request.user)
            messages.success(request, _("评价已发布；发布后不再改变，更正须新建一轮。"))
        elif op == "recompute":
            rounds.recompute(rnd, acting_user=request.user)
            messages.success(request, _("已按最新数据重新计算。"))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect("demonstration:round-detail", pk)


def _table(rnd):
    ranked, incomplete = rounds.ordered_results(rnd)
    indicators = list(rnd.indicators.all())
    header = [_("排名"), _("地区代码"), _("地区"), _("综合得分"), _("最好名次"), _("最差名次")]
    for i in indicators:
        header += [f"{i.label}（{i.unit}）", _("%(label)s 标准化得分") % {"label": i.label},
                   _("%(label)s 贡献") % {"label": i.label}]
    header.append(_("缺少数据的指标"))
    rows = []
    for r in ranked + incomplete:
        row = [r.rank if r.rank is not None else "—", r.region_id, r.region.name,
               "" if r.composite is None else round(r.composite, 4), r.best_rank or "", r.worst_rank or ""]
        for i in indicators:
            v = r.values.get(i.code)
            row += ["—" if v is None else v, "" if i.code not in r.normalised else round(r.normalised[i.code], 4),
                    "" if i.code not in r.contributions else round(r.contributions[i.code], 4)]
        row.append("、".join(next((i.label for i in indicators if i.code == c), c) for c in r.missing))
        rows.append(row)
    return header, rows, indicators


@login_required
def round_export(request, pk, fmt):
    rnd = _get_round(request, pk)
    header, rows, indicators = _table(rnd)
    if fmt == "xlsx":
        book = Book(constant_memory=False)
        write_table(book, _("评价结果"), header, rows)
        write_table(book, _("指标和权重"), [_("指标"), _("单位"), _("权重"), _("方向"), _("最小值"), _("最大值"), _("依据")],
                    [[i.label, i.unit, i.weight, _("越高越好") if i.direction == "higher" else _("越低越好"),
                      "—" if i.minimum is None else str(i.minimum), "—" if i.maximum is None else str(i.maximum), i.cite]
                     for i in indicators])
        return bytes_response(book.read(), stamped(f"evaluation-{rnd.pk}", "xlsx"))
    if fmt == "pdf":
        from ectalent.core.pdf import STYLES, build_pdf, grid_table, para
        from reportlab.lib.units import mm

        story = [para(rnd.name, "title"),
                 para(_("%(system)s；状态：%(status)s；依据：%(cite)s") % {
                     "system": rnd.system_name, "status": rnd.get_status_display(), "cite": rnd.system_cite}, "small"),
                 para(_("指标和权重"), "heading"),
                 grid_table([[_("指标"), _("权重"), _("方向"), _("最小值"), _("最大值")]] + [
                     [i.label, i.weight, _("越高越好") if i.direction == "higher" else _("越低越好"),
                      "—" if i.minimum is None else str(i.minimum), "—" if i.maximum is None else str(i.maximum)]
                     for i in indicators], [70 * mm, 20 * mm, 25 * mm, 30 * mm, 30 * mm], header_rows=1),
                 para(_("排名"), "heading"),
                 grid_table([[_("排名"), _("地区"), _("综合得分"), _("名次范围（权重 ±%(p)s%%）") % {
                     "p": int(rnd.weight_move * 100)}, _("缺少数据的指标")]] + [
                     [str(r[0]), r[2], "—" if r[3] == "" else f"{r[3]:.2f}",
                      f"{r[4]}–{r[5]}" if r[4] else "—", r[-1]] for r in rows],
                     [18 * mm, 40 * mm, 28 * mm, 40 * mm, 49 * mm], header_rows=1)]
        assert STYLES
        pdf = build_pdf(story, title=rnd.name, header=rnd.name)
        return bytes_response(pdf, stamped(f"evaluation-{rnd.pk}", "pdf"), content_type="application/pdf")
    raise Http404
