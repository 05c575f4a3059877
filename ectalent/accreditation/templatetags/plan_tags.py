from django import template

register = template.Library()


@register.simple_tag
def plan_in_force():
    """The plan period in force today (the plan pages say whether the one shown is it)."""
    from ectalent.accreditation.plan import plan_in_force as in_force

    return in_force()
