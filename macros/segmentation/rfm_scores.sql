{#
    The R, F and M scores (1-5, 5 best) as three select-list columns
    r_score, f_score and m_score, computed from the columns recency_days,
    frequency and monetary of the rows selected:
      quintile   (var rfm_scoring) each measure on its own: a customer's
                 score is the fifth of the scored customers that are
                 strictly worse on that measure,
                     score = 1 + floor(5 * (rank - 1) / n)
                 with rank = rank() from worst to best (ties share the
                 lowest rank, so rank - 1 customers are strictly worse) and
                 n the customers scored. Equal measures get equal scores, a
                 better measure never scores lower, and no score depends on
                 customer_id or on another measure. A value held by more than
                 a fifth of the customers covers one score, the one its
                 lowest rank reaches (60% one-time buyers: all F = 1), so
                 bands may be uneven and some scores empty. Without ties
                 each score holds a fifth (n divisible by 5); with fewer
                 than five customers some scores are skipped (3 customers:
                 1, 2, 4), and when everyone has the same value all score 1.
                 Worst is fewest purchases, least revenue, most days since
                 the last purchase.
      thresholds fixed cut points from var rfm_thresholds (a value above the
                 n-th cut point scores n + 1; fewer recency days score higher).
    partition_by (a column, e.g. the as-of date of a reconstructed state)
    scores every group on its own; none scores all rows together.
    The quotient is taken in double precision on every engine (integer
    division differs between DuckDB and Spark); it is exact where it is a
    whole number, so floor() never misplaces a boundary.
#}
{% macro rfm_scores(partition_by=none) -%}
    {%- set cuts = setting('rfm_thresholds') -%}
    {%- set partition = 'partition by ' ~ partition_by ~ ' ' if partition_by else '' -%}
    {%- if setting('rfm_scoring') == 'quintile' -%}
        {%- set measures = [
            ('recency_days', 'desc', 'r_score'),
            ('frequency', 'asc', 'f_score'),
            ('monetary', 'asc', 'm_score'),
        ] -%}
        {%- for column, worst_first, score in measures %}
        1 + cast(floor(
            5 * cast(rank() over (
                {{ partition }}order by {{ column }} {{ worst_first }}
            ) - 1 as double)
            / cast(count(*) over ({{ partition }}) as double)
        ) as integer) as {{ score }}{{ ',' if not loop.last }}
        {%- endfor %}
    {%- elif var('rfm_scoring') == 'thresholds' -%}
        1
        {% for cut in cuts['recency_days'] %}
            + case when recency_days <= {{ sql_literal(cut) }} then 1 else 0 end
        {% endfor %} as r_score,
        1
        {% for cut in cuts['frequency'] %}
            + case when frequency > {{ sql_literal(cut) }} then 1 else 0 end
        {% endfor %} as f_score,
        1
        {% for cut in cuts['monetary'] %}
            + case when monetary > {{ sql_literal(cut) }} then 1 else 0 end
        {% endfor %} as m_score
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "var rfm_scoring must be 'quintile' or 'thresholds', not '"
            ~ var('rfm_scoring') ~ "'"
        ) }}
    {%- endif -%}
{%- endmacro %}
