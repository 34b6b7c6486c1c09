{#
    Checks var `name` against its form in setting_forms, without raising:
    returns {value, problem}. value is the var as given, dates as
    'YYYY-MM-DD' text (or none when null or empty) whether given quoted or
    not; problem is none, or 'var <name> is <value>: expected <form>'. The
    audiences var is checked by macro audiences, which raises itself.
#}
{% macro setting_check(name) %}
    {%- set forms = setting_forms() -%}
    {%- if name not in forms -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ name ~ " has no form in macro setting_forms;"
            ~ " add it there (and to dbt_project.yml vars and docs/settings.md)"
        ) }}
    {%- endif -%}
    {%- set form = forms[name] -%}
    {%- set value = var(name) -%}
    {%- set re = modules.re -%}
    {%- if value is none or (form.kind == 'date' and value == '') -%}
        {%- if form.get('null') -%}
            {{ return({'value': none, 'problem': none}) }}
        {%- endif -%}
    {%- endif -%}

    {%- if form.kind == 'path' -%}
        {%- set expected = "a folder path: text without quote characters (' \" `) or control characters such as newlines"
            ~ ("; empty means the tables of raw_schema (Spark)" if form.get('empty') else "") -%}
        {%- set ok = value is string
            and (value != '' or form.get('empty'))
            and not re.search('[\'"`\\x00-\\x1f\\x7f]', value) -%}
    {%- elif form.kind == 'identifier' -%}
        {%- set expected = "an identifier: a letter or _, then letters, digits or _" -%}
        {%- set ok = value is string and re.fullmatch('[A-Za-z_][A-Za-z0-9_]*', value) -%}
    {%- elif form.kind == 'date' -%}
        {%- set expected = "an ISO date YYYY-MM-DD that exists in the calendar"
            ~ (", or null" if form.get('null') else "") -%}
        {%- set text = value | string if (value is string or value.isoformat is defined) else '' -%}
        {%- set parts = re.fullmatch('([0-9]{4})-([0-9]{2})-([0-9]{2})', text) -%}
        {%- set ok = false -%}
        {%- if parts -%}
            {%- set year, month, day = parts.group(1) | int, parts.group(2) | int, parts.group(3) | int -%}
            {%- set leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 -%}
            {%- set month_days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] -%}
            {%- set ok = year >= 1 and 1 <= month <= 12 and 1 <= day <= month_days[month - 1] -%}
        {%- endif -%}
        {%- if ok -%}
            {{ return({'value': text, 'problem': none}) }}
        {%- endif -%}
    {%- elif form.kind == 'currency' -%}
        {%- set expected = "three upper-case letters, an ISO 4217 currency code such as EUR" -%}
        {%- set ok = value is string and re.fullmatch('[A-Z]{3}', value) -%}
    {%- elif form.kind == 'time_zone' -%}
        {%- set expected = "an IANA time zone name such as UTC, Europe/Berlin or America/New_York (case-sensitive)" -%}
        {%- set ok = value is string and value in modules.pytz.all_timezones_set -%}
    {%- elif form.kind == 'encoding' -%}
        {%- set expected = "an encoding name such as utf-8, latin-1 or utf-16 (letters, digits, - and _)" -%}
        {%- set ok = value is string and re.fullmatch('[A-Za-z0-9_-]+', value) -%}
    {%- elif form.kind in ['integer', 'number'] -%}
        {%- set expected = ("a whole number" if form.kind == 'integer' else "a number")
            ~ (" from " ~ form.min ~ " to " ~ form.max if form.min is defined and form.max is defined
               else " >= " ~ form.min if form.min is defined
               else " > " ~ form.above if form.above is defined
               else "")
            ~ (", or null" if form.get('null') else "") -%}
        {%- set ok = value is number and value is not sameas true and value is not sameas false
            and (value | string) not in ['nan', 'inf', '-inf']
            and (value is integer or form.kind == 'number')
            and (form.min is not defined or value >= form.min)
            and (form.max is not defined or value <= form.max)
            and (form.above is not defined or value > form.above) -%}
    {%- elif form.kind == 'choice' -%}
        {%- set expected = "one of " ~ form.choices | join(', ') -%}
        {%- set ok = value is string and value in form.choices -%}
    {%- elif form.kind == 'cut_points' -%}
        {%- set expected = "a mapping of recency_days, frequency and monetary to four cut points each,"
            ~ " numbers >= 0: recency_days descending (e.g. [365, 180, 90, 30]), frequency and"
            ~ " monetary ascending (e.g. [1, 2, 4, 8])" -%}
        {%- set check = namespace(ok=value is mapping and (value.keys() | sort | list) == ['frequency', 'monetary', 'recency_days']) -%}
        {%- if check.ok -%}
            {%- for measure, cuts in value.items() -%}
                {%- if cuts is string or cuts is not sequence or cuts is mapping or cuts | length != 4 -%}
                    {%- set check.ok = false -%}
                {%- else -%}
                    {%- for cut in cuts -%}
                        {%- if cut is not number or cut is sameas true or cut is sameas false
                            or (cut | string) in ['nan', 'inf', '-inf'] or cut < 0 -%}
                            {%- set check.ok = false -%}
                        {%- elif not loop.first and ((measure == 'recency_days' and cut >= loop.previtem)
                            or (measure != 'recency_days' and cut <= loop.previtem)) -%}
                            {%- set check.ok = false -%}
                        {%- endif -%}
                    {%- endfor -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
        {%- set ok = check.ok -%}
    {%- elif form.kind == 'band_edges' -%}
        {%- set expected = "a non-empty list of ascending whole numbers >= 0, e.g. [25, 35, 45]" -%}
        {%- set check = namespace(ok=value is sequence and value is not string and value is not mapping and value | length > 0) -%}
        {%- if check.ok -%}
            {%- for edge in value -%}
                {%- if edge is not integer or edge < 0 or (not loop.first and edge <= loop.previtem) -%}
                    {%- set check.ok = false -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
        {%- set ok = check.ok -%}
    {%- elif form.kind == 'audiences' -%}
        {%- set expected = "audiences (macro audiences checks them)" -%}
        {%- set ok = true -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error("setting: unknown form kind " ~ form.kind ~ " of var " ~ name) }}
    {%- endif -%}

    {%- if not ok -%}
        {#- shown as JSON on one line; a date (not JSON) as its text -#}
        {%- set shown = tojson(value) -%}
        {%- set shown = value | string if shown is none else shown -%}
        {{ return({'value': value, 'problem': "var " ~ name ~ " is " ~ shown ~ ": expected " ~ expected}) }}
    {%- endif -%}
    {{ return({'value': value, 'problem': none}) }}
{% endmacro %}
