{#
    The lifecycle stage, first matching rule wins:
      prospect     no purchase;
      new          first purchase within var lifecycle_new_days;
      lapsed       silent for longer than lapsed_after_days;
      at_risk      silent for longer than at_risk_after_days;
      reactivated  the gap before the last purchase exceeded lapsed_after_days;
      active       otherwise.
    Arguments are SQL expressions (columns), all in days but the count.
#}
{% macro lifecycle_stage(
    purchase_count,
    tenure_days,
    days_since_last_order,
    last_gap_days,
    at_risk_after_days,
    lapsed_after_days
) -%}
    case
        when {{ purchase_count }} = 0 then 'prospect'
        when {{ tenure_days }} <= {{ sql_literal(setting('lifecycle_new_days')) }} then 'new'
        when {{ days_since_last_order }} > {{ lapsed_after_days }} then 'lapsed'
        when {{ days_since_last_order }} > {{ at_risk_after_days }} then 'at_risk'
        when {{ last_gap_days }} > {{ lapsed_after_days }} then 'reactivated'
        else 'active'
    end
{%- endmacro %}
