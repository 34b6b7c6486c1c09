{#
    Sample standard deviation from exact aggregates of a feature held as
    whole units of 10^-places: n = count, total = sum, total_of_squares =
    sum of squares, all exact (integer or decimal). The numerator
    n * sum(x^2) - sum(x)^2 is computed exactly, so the result does not
    depend on the order the rows were summed in (stddev_samp() on doubles
    does), and identical values give exactly 0. Null for fewer than two
    values, as stddev_samp. The unit is 10^places, or `unit`, an expression
    (e.g. a column of a long form holding each feature's unit).
#}
{% macro stddev_samp_from_sums(
    n, total, total_of_squares, places=none, unit=none
) -%}
    sqrt(
        cast({{ n }} * {{ total_of_squares }} - {{ total }} * {{ total }} as double)
        / nullif({{ n }} * ({{ n }} - 1), 0)
    ) / {{ unit if unit is not none else 10 ** places }}
{%- endmacro %}
