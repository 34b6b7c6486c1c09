{#
    Why a customer may not receive a campaign on a channel, as a code (null
    when they may), first reason wins. Built into every audience by
    audience_sql, whatever the audience's own rules:
      email  no_consent (latest email_marketing record), unsubscribed,
             bounced, complained, no_contact (no valid email);
      sms    no_consent (latest sms_marketing record), no_contact (no valid
             phone);
      ads    data_sale_opt_out, no_contact (neither a valid email nor phone).
    Erased customers never get this far (audience_sql leaves them out).
#}
{% macro audience_suppression_reason(channel, customers='customers', consent='consent') -%}
    {%- if channel == 'email' -%}
        case
            when not {{ consent }}.has_email_consent then 'no_consent'
            when {{ consent }}.is_unsubscribed then 'unsubscribed'
            when {{ consent }}.has_bounced then 'bounced'
            when {{ consent }}.has_complained then 'complained'
            when {{ customers }}.email_status != 'valid' then 'no_contact'
        end
    {%- elif channel == 'sms' -%}
        case
            when not {{ consent }}.has_sms_consent then 'no_consent'
            when {{ customers }}.phone_status != 'valid' then 'no_contact'
        end
    {%- elif channel == 'ads' -%}
        case
            when {{ consent }}.has_data_sale_opt_out then 'data_sale_opt_out'
            when
                {{ customers }}.email_status != 'valid'
                and {{ customers }}.phone_status != 'valid'
                then 'no_contact'
        end
    {%- else -%}
        {{ exceptions.raise_compiler_error("No suppression rules for channel '" ~ channel ~ "'") }}
    {%- endif -%}
{%- endmacro %}
