{#
    The R, F and M scores (1-5, 5 best) as three select-list columns
    r_score, f_score and m_score, computed from the columns recency_days,
    frequency, monetary and customer_id of the rows selected:
      quintile   (var rfm_scoring) customers are ranked and cut into five
                 equal groups; ties are broken by the other two measures,
                 then by customer_id, so the result is deterministic;
      thresholds fixed cut points from var rfm_thresholds (a value above the
                 n-th cut point scores n + 1; fewer recency days score higher).
    partition_by (a column, e.g. the as-of date of a reconstructed state)
    scores every group on its own; none scores all rows together.
#}
{% macro rfm_scores(partition_by=none) -%}
    {%- set cuts = setting('rfm_thresholds') -%}
    {%- set partition = 'partition by ' ~ partition_by ~ ' ' if partition_by else '' -%}
    {%- if setting('rfm_scoring') == 'quintile' -%}
        ntile(5) over (
            {{ partition }}order by
                recency_days desc, frequency asc, monetary asc,
                customer_id asc
        ) as r_score,
        ntile(5) over (
            {{ partition }}order by
                frequency asc, monetary asc, recency_days desc,
                customer_id asc
        ) as f_score,
        ntile(5) over (
            {{ partition }}order by
                monetary asc, frequency asc, recency_days desc,
                customer_id asc
        ) as m_score
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
