{#
    The audiences of var audiences, checked: a compile error names the
    audience and the problem instead of a wrong or empty audience, and no
    name, segment, feature, operator or value that is not of its form can
    reach SQL (macro validate_vars runs this first in on-run-start). Returns
    the list with defaults filled in (holdout_share 0, empty exclude, empty
    description). Segment names are checked against the segment catalog by
    tests/marts/assert_audience_segments_exist.sql; feature names against
    the columns of dim_customers here, once the graph is available.
#}
{% macro audiences() %}
    {%- set defined = var('audiences', []) or [] -%}
    {%- set channels = ['email', 'sms', 'ads'] -%}
    {%- set operators = [
        '=', '!=', '<', '<=', '>', '>=', 'in', 'not in', 'is null', 'is not null',
    ] -%}
    {%- set name_pattern = modules.re.compile('^[a-z][a-z0-9_]*$') -%}
    {%- set dim_columns = [] -%}
    {%- if execute -%}
        {%- for node in (graph.get('nodes') or {}).values() if node.resource_type == 'model' and node.name == 'dim_customers' -%}
            {%- do dim_columns.extend(node.columns.keys() | list) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if defined is not sequence or defined is string or defined is mapping -%}
        {{ exceptions.raise_compiler_error("var audiences must be a list of audiences (see docs/audiences.md), not " ~ (defined | pprint)) }}
    {%- endif -%}
    {%- set checked = [] -%}
    {%- set seen = {} -%}
    {%- for audience in defined -%}
        {%- set where = "var audiences, audience #" ~ loop.index ~ " (" ~ (audience.get('name') if audience is mapping else audience) ~ "): " -%}
        {%- if audience is not mapping -%}
            {{ exceptions.raise_compiler_error(where ~ "must be a mapping with name, channel, priority, include") }}
        {%- endif -%}
        {%- set unknown_keys = audience.keys() | reject('in', ['name', 'channel', 'priority', 'holdout_share', 'description', 'include', 'exclude']) | list -%}
        {%- if unknown_keys -%}
            {{ exceptions.raise_compiler_error(where ~ "unknown keys " ~ unknown_keys) }}
        {%- endif -%}
        {%- if audience.get('name') is not string or not name_pattern.fullmatch(audience.get('name')) -%}
            {{ exceptions.raise_compiler_error(where ~ "name must be lower-case letters, digits and _") }}
        {%- endif -%}
        {%- if audience.name in seen -%}
            {{ exceptions.raise_compiler_error(where ~ "name used twice") }}
        {%- endif -%}
        {%- if audience.get('channel') not in channels -%}
            {{ exceptions.raise_compiler_error(where ~ "channel must be one of " ~ channels) }}
        {%- endif -%}
        {%- if audience.get('priority') is not integer or audience.get('priority') < 1 -%}
            {{ exceptions.raise_compiler_error(where ~ "priority must be an integer >= 1 (1 = highest)") }}
        {%- endif -%}
        {%- if (audience.channel ~ ':' ~ audience.priority) in seen -%}
            {{ exceptions.raise_compiler_error(where ~ "priority " ~ audience.priority ~ " is already used by another " ~ audience.channel ~ " audience") }}
        {%- endif -%}
        {%- set holdout_share = audience.get('holdout_share', 0) -%}
        {%- if holdout_share is not number or holdout_share is sameas true or holdout_share is sameas false
            or (holdout_share | string) == 'nan' or holdout_share < 0 or holdout_share >= 1 -%}
            {{ exceptions.raise_compiler_error(where ~ "holdout_share must be a number in [0, 1)") }}
        {%- endif -%}
        {%- if audience.get('description') is not none and audience.get('description') is not string -%}
            {{ exceptions.raise_compiler_error(where ~ "description must be text") }}
        {%- endif -%}
        {%- set rules = {} -%}
        {%- for part in ['include', 'exclude'] -%}
            {%- set given = audience.get(part) or {} -%}
            {%- if given is not mapping -%}
                {{ exceptions.raise_compiler_error(where ~ part ~ " must be a mapping with segments and/or conditions") }}
            {%- endif -%}
            {%- set unknown_parts = given.keys() | reject('in', ['segments', 'conditions']) | list -%}
            {%- if unknown_parts -%}
                {{ exceptions.raise_compiler_error(where ~ part ~ ": unknown keys " ~ unknown_parts) }}
            {%- endif -%}
            {%- set segments = given.get('segments') or {} -%}
            {%- set conditions = given.get('conditions') or [] -%}
            {%- if segments is not mapping -%}
                {{ exceptions.raise_compiler_error(where ~ part ~ ".segments must map a segmentation to a list of segments") }}
            {%- endif -%}
            {%- for segmentation, names in segments.items() -%}
                {%- if segmentation not in segmentations() -%}
                    {{ exceptions.raise_compiler_error(where ~ part ~ ": unknown segmentation '" ~ segmentation ~ "' (one of " ~ segmentations() ~ ")") }}
                {%- endif -%}
                {%- if names is string or names is not sequence or not names -%}
                    {{ exceptions.raise_compiler_error(where ~ part ~ "." ~ segmentation ~ " must be a non-empty list of segments") }}
                {%- endif -%}
                {%- for name in names -%}
                    {%- if name is not string or not name_pattern.fullmatch(name) -%}
                        {{ exceptions.raise_compiler_error(where ~ part ~ "." ~ segmentation ~ ": '" ~ name ~ "' is not a segment name") }}
                    {%- endif -%}
                {%- endfor -%}
            {%- endfor -%}
            {%- if conditions is string or conditions is not sequence -%}
                {{ exceptions.raise_compiler_error(where ~ part ~ ".conditions must be a list of {feature, op, value}") }}
            {%- endif -%}
            {%- for condition in conditions -%}
                {%- if condition is not mapping or condition.get('feature') is not string or not name_pattern.fullmatch(condition.get('feature')) -%}
                    {{ exceptions.raise_compiler_error(where ~ part ~ ": a condition needs a feature (a dim_customers column): " ~ condition) }}
                {%- endif -%}
                {%- if dim_columns and condition.feature not in dim_columns -%}
                    {{ exceptions.raise_compiler_error(where ~ part ~ ": '" ~ condition.feature ~ "' is not a column of dim_customers") }}
                {%- endif -%}
                {%- if condition.get('op') not in operators -%}
                    {{ exceptions.raise_compiler_error(where ~ part ~ ": op of " ~ condition.feature ~ " must be one of " ~ operators) }}
                {%- endif -%}
                {%- if condition.op in ['in', 'not in'] and (condition.get('value') is string or condition.get('value') is not sequence or not condition.get('value')) -%}
                    {{ exceptions.raise_compiler_error(where ~ part ~ ": " ~ condition.feature ~ " " ~ condition.op ~ " needs a non-empty list value") }}
                {%- endif -%}
                {%- if condition.op not in ['in', 'not in', 'is null', 'is not null'] and condition.get('value') is none -%}
                    {{ exceptions.raise_compiler_error(where ~ part ~ ": " ~ condition.feature ~ " " ~ condition.op ~ " needs a value") }}
                {%- endif -%}
                {#- a value is a number, text or true/false; in / not in take a list of them -#}
                {%- set value = condition.get('value') -%}
                {%- set items = value if condition.op in ['in', 'not in'] else ([value] if condition.op in ['=', '!=', '<', '<=', '>', '>='] else []) -%}
                {%- for item in items -%}
                    {%- if not (item is string or item is sameas true or item is sameas false
                        or (item is number and (item | string) not in ['nan', 'inf', '-inf'])) -%}
                        {{ exceptions.raise_compiler_error(where ~ part ~ ": the value of " ~ condition.feature ~ " " ~ condition.op ~ " must be a number, text or true/false"
                            ~ (" (a list of them)" if condition.op in ['in', 'not in'] else "") ~ ", not " ~ (value | pprint)) }}
                    {%- endif -%}
                {%- endfor -%}
                {%- if condition.op in ['is null', 'is not null'] and condition.get('value') is not none -%}
                    {{ exceptions.raise_compiler_error(where ~ part ~ ": " ~ condition.feature ~ " " ~ condition.op ~ " takes no value") }}
                {%- endif -%}
            {%- endfor -%}
            {%- do rules.update({part: {'segments': segments, 'conditions': conditions}}) -%}
        {%- endfor -%}
        {%- if not rules.include.segments and not rules.include.conditions -%}
            {{ exceptions.raise_compiler_error(where ~ "include needs at least one segment or condition") }}
        {%- endif -%}
        {%- do seen.update({audience.name: true, audience.channel ~ ':' ~ audience.priority: true}) -%}
        {%- do checked.append({
            'name': audience.name,
            'channel': audience.channel,
            'priority': audience.priority,
            'holdout_share': holdout_share,
            'description': audience.get('description', '') or '',
            'include': rules.include,
            'exclude': rules.exclude,
        }) -%}
    {%- endfor -%}
    {{ return(checked) }}
{% endmacro %}
