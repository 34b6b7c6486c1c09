-- RFM segmentation: one row per customer.
-- Recency = days from the last purchase to the as-of date, frequency =
-- purchases, monetary = completed revenue (reporting currency), over all
-- history or the last var rfm_window_days days. Scores 1-5 (5 best):
--   quintile   (default) each measure on its own: the score is the fifth
--              of the scored customers that are strictly worse on it,
--              1 + floor(5 * (rank - 1) / n) with rank() from worst to best
--              (ties share the lowest rank) among the n customers scored.
--              Equal measures get equal scores, a better measure never
--              scores lower, and neither customer_id nor the other two
--              measures play any part. A value held by more than a fifth of
--              the customers covers one score, the one its lowest rank
--              reaches: when 60% bought once, every one-time buyer has F = 1
--              and F = 2 and 3 are empty. rpt_rfm_score_bands shows where
--              the cut points fell;
--   thresholds fixed cut points from var rfm_thresholds.
-- The R-F-M code maps to a named segment through the rfm_segment_map
-- seed. Customers without a purchase in the window are 'unknown'.
-- Computed once, for every state date of the segment history, in
-- seg_rfm_lifecycle_history (scoring in macro rfm_scores): this model is
-- its slice at the as-of date, one row per customer.
with

states as (
    select
        customer_id,
        recency_days,
        monetary,
        r_score,
        f_score,
        m_score,
        frequency,
        rfm_code,
        rfm_segment,
        rfm_segment_reason
    from {{ ref('seg_rfm_lifecycle_history') }}
    where is_as_of_date
),

final as (
    select
        customer_id,
        recency_days,
        monetary,
        r_score,
        f_score,
        m_score,
        frequency,
        rfm_code,
        rfm_segment as segment,
        rfm_segment_reason as segment_reason
    from states
)

select * from final
