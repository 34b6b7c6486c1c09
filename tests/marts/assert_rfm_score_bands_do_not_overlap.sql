-- Equal measures share a score and a better measure never scores lower, so
-- the value ranges of a measure's scores never overlap: every value of a
-- higher score is better than every value of a lower one (fewer days for
-- recency, more purchases or revenue otherwise). Returns each pair of
-- non-empty scores of one measure whose ranges touch or cross.
with

bands as (
    select
        measure,
        score,
        min_value,
        max_value
    from {{ ref('rpt_rfm_score_bands') }}
    where customers > 0
)

select
    lower_band.measure,
    lower_band.score as lower_score,
    higher_band.score as higher_score,
    lower_band.min_value as lower_min_value,
    lower_band.max_value as lower_max_value,
    higher_band.min_value as higher_min_value,
    higher_band.max_value as higher_max_value
from bands as lower_band
inner join bands as higher_band
    on
        lower_band.measure = higher_band.measure
        and lower_band.score < higher_band.score
where
    case
        when lower_band.measure = 'recency_days'
            then higher_band.max_value >= lower_band.min_value
        else higher_band.min_value <= lower_band.max_value
    end
