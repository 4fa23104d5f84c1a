#!/usr/bin/env bash
# The `oauthsig` command handed to curl, as an OAuth 1.0a client peer: every request is
# signed by `oauthsig sign` (its Authorization header given to `curl -H "$(oauthsig sign …)"`,
# its --url and --postdata output sent as the URL and body, its --curl command run as
# printed), every credentials response parsed by `oauthsig token`, and curl sends. The secrets
# reach `oauthsig` through its environment (OAUTHSIG_CONSUMER_SECRET, OAUTHSIG_TOKEN_SECRET …),
# never its argv. Built-free: the harness passes the binary it built; see
# tests/interop/README.md.
#
# The peer contract shared by every client under test (harness/src/clients.rs):
#     oauthsig_cli_client.sh [--oauthsig PATH] [--mode header|params]
#         --base URL --consumer-key K --consumer-secret S --token T --token-secret TS
#         --signature-method HMAC-SHA1|HMAC-SHA256|HMAC-SHA512|PLAINTEXT|RSA-SHA1|RSA-SHA256|RSA-SHA512
#         [--private-key FILE] [--dump]
# sends GET /resource?q=hello%20world&x=1&x=2, a form POST /resource and a JSON POST /json
# (signed with oauth_body_hash) and prints `<METHOD> <path> <status>` per request; --dump
# prints each signed request as one JSON line instead. --mode header (default): the
# Authorization header; --mode params: `sign --url` (GET, JSON) and `sign --postdata` (form).
# The RSA methods (RFC 5849 section 3.4.3) sign with `oauthsig sign --private-key FILE`, which
# needs no secret: `oauthsig` then gets only OAUTHSIG_CONSUMER_KEY and OAUTHSIG_TOKEN.
# --private-key is required with them and ignored with the others.
# Exit status: 0 every answer was 200 (or dumped), 1 otherwise, 2 usage error, 3 a signature
# method this client does not sign (any name but the seven above).
#
# The three-legged flow (RFC 5849 section 1.2) against tests/interop/provider.py:
#     oauthsig_cli_client.sh [--oauthsig PATH] --flow --base URL --consumer-key K
#         --consumer-secret S --signature-method M --callback URL
#         [--private-key FILE --wrong-private-key FILE]   (the RSA methods)
# prints one JSON line per step, in the format harness/src/flow.rs checks (the same as
# clients/oauthsig_c_client.c); exit 0 when every step was answered as expected. With an RSA
# method the wrong-consumer-secret refusal signs with --wrong-private-key instead, a wrong token
# secret must be accepted (it plays no part in an RSA signature) and an unknown token refused.
#
# PATH defaults to $OAUTHSIG, else target/debug/oauthsig of this checkout.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

readonly GET_TARGET='/resource?q=hello%20world&x=1&x=2'
readonly FORM_BODY='a=1&b=caf%C3%A9&b=%21'
# Non-ASCII on purpose: the body hash is over octets, whatever the text.
readonly JSON_BODY='{"hello":"world","n":1,"list":["é",null]}'
readonly CHANGED_JSON_BODY='{"hello":"mallory","n":1,"list":["é",null]}'
readonly JSON_TYPE='application/json'
readonly FORM_TYPE='application/x-www-form-urlencoded'

EXIT_FAILED=1
EXIT_USAGE=2
EXIT_UNSUPPORTED=3

say() { printf 'oauthsig_cli_client: %s\n' "$*" >&2; }
usage() {
    say "$1"
    cat >&2 <<'EOF'
usage: oauthsig_cli_client.sh [--oauthsig PATH] [--mode header|params] --base URL
         --consumer-key K --consumer-secret S --token T --token-secret TS
         [--signature-method HMAC-SHA1|HMAC-SHA256|HMAC-SHA512|PLAINTEXT|RSA-SHA1|RSA-SHA256|
         RSA-SHA512] [--private-key FILE] [--dump]
       oauthsig_cli_client.sh [--oauthsig PATH] --flow --base URL --consumer-key K
         --consumer-secret S --callback URL [--signature-method M]
         [--private-key FILE --wrong-private-key FILE]
EOF
    exit "$EXIT_USAGE"
}

# ---- command line ----------------------------------------------------------------------
oauthsig="${OAUTHSIG:-$here/../../../target/debug/oauthsig}"
mode=header
dump=false
flow=false
base='' consumer_key='' consumer_secret='' token='' token_secret='' callback=''
private_key='' wrong_private_key=''
method=HMAC-SHA1
while (($#)); do
    case "$1" in
        --dump) dump=true; shift; continue ;;
        --flow) flow=true; shift; continue ;;
    esac
    (($# >= 2)) || usage "unknown or incomplete argument: $1"
    case "$1" in
        --oauthsig) oauthsig=$2 ;;
        --mode) mode=$2 ;;
        --base) base=${2%/} ;;
        --consumer-key) consumer_key=$2 ;;
        --consumer-secret) consumer_secret=$2 ;;
        --token) token=$2 ;;
        --token-secret) token_secret=$2 ;;
        --signature-method) method=$2 ;;
        --callback) callback=$2 ;;
        --private-key) private_key=$2 ;;
        --wrong-private-key) wrong_private_key=$2 ;;
        *) usage "unknown argument: $1" ;;
    esac
    shift 2
done
[[ -n $base && -n $consumer_key && -n $consumer_secret ]] ||
    usage "missing --base, --consumer-key or --consumer-secret"
if $flow; then
    if [[ -z $callback || -n $token || -n $token_secret ]] || $dump; then
        usage "--flow takes --callback and no token or --dump"
    fi
else
    [[ -n $token && -n $token_secret && -z $callback ]] ||
        usage "missing --token or --token-secret (or --callback without --flow)"
fi
[[ $mode == header || $mode == params ]] || usage "--mode must be header or params"
rsa=false
case "$method" in
    HMAC-SHA1 | HMAC-SHA256 | HMAC-SHA512 | PLAINTEXT) ;;
    RSA-SHA1 | RSA-SHA256 | RSA-SHA512) rsa=true ;;
    *) say "unsupported signature method $method"; exit "$EXIT_UNSUPPORTED" ;;
esac
if $rsa; then
    [[ -n $private_key ]] || usage "$method takes --private-key"
    if $flow && [[ -z $wrong_private_key ]]; then
        usage "$method --flow takes --wrong-private-key"
    fi
fi
# A missing tool is a failure that says what to install, never a silent skip.
[[ -x $oauthsig ]] ||
    { say "no oauthsig binary at $oauthsig (cargo build -p oauthsig-cli, or pass --oauthsig)"; exit "$EXIT_FAILED"; }
command -v curl >/dev/null ||
    { say "curl not found; run tests/interop/setup.sh (Debian package curl)"; exit "$EXIT_FAILED"; }

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# ---- signing and sending ---------------------------------------------------------------

# A failing `oauthsig` ends the script with status 1, also from inside "$(…)", which
# `set -e` does not reach: the script must not finish as if an unsigned request (refused by
# the provider) had been a forgery refused as it should be.
trap 'exit "$EXIT_FAILED"' TERM

# oauthsig with the consumer key and the given credentials in its environment:
# `with_credentials CONSUMER_SECRET TOKEN TOKEN_SECRET oauthsig-args…`; each one that is empty
# is left unset (the RSA methods set no secret; no issued token has an empty secret). Whatever
# OAUTHSIG_* the caller's environment holds is replaced or removed.
with_credentials() {
    local secret=$1 tk=$2 tk_secret=$3
    shift 3
    (
        unset OAUTHSIG_CONSUMER_SECRET OAUTHSIG_TOKEN OAUTHSIG_TOKEN_SECRET OAUTHSIG_PASSPHRASE
        export OAUTHSIG_CONSUMER_KEY="$consumer_key"
        [[ -z $secret ]] || export OAUTHSIG_CONSUMER_SECRET="$secret"
        [[ -z $tk ]] || export OAUTHSIG_TOKEN="$tk"
        [[ -z $tk_secret ]] || export OAUTHSIG_TOKEN_SECRET="$tk_secret"
        exec "$oauthsig" "$@"
    ) || {
        say "oauthsig $1 failed (its message is above)"
        kill -s TERM "$$"
        exit "$EXIT_FAILED"
    }
}

# `sign_with CONSUMER_SECRET TOKEN TOKEN_SECRET PRIVATE_KEY sign-args…`: `oauthsig sign
# --signature-method M …` with those credentials (see with_credentials) and, when PRIVATE_KEY
# is not empty, `--private-key PRIVATE_KEY`.
sign_with() {
    local secret=$1 tk=$2 tk_secret=$3 key=$4
    shift 4
    local key_args=()
    [[ -z $key ]] || key_args=(--private-key "$key")
    # The peers are plain http on loopback: PLAINTEXT (RFC 5849 section 3.4.4 wants TLS)
    # is signed over it only when asked to.
    [[ $method != PLAINTEXT ]] || key_args+=(--allow-plaintext-over-http)
    with_credentials "$secret" "$tk" "$tk_secret" \
        sign --signature-method "$method" "${key_args[@]}" "$@"
}

# `oauthsig sign --signature-method M …` with the credentials of the current token: its
# secrets, or for an RSA method the private key and no secret at all.
sign() {
    if $rsa; then
        sign_with '' "$token" '' "$private_key" "$@"
    else
        sign_with "$consumer_secret" "$token" "$token_secret" '' "$@"
    fi
}

# Options every curl call gets: quiet, bounded, loopback only (no proxy, whatever the
# environment says), no URL globbing of [] and {}, no 100-continue round trip.
curl_options=(-sS --globoff --noproxy '*' --connect-timeout 5 --max-time 10 -H 'Expect:')

# The last answer: status in $status, body in $scratch/body, headers in $scratch/headers.
status=0
# curl ARGS…: sends, recording the answer; a transport error is status 0.
send() {
    : >"$scratch/body"
    : >"$scratch/headers"
    status=$(curl "${curl_options[@]}" -o "$scratch/body" -D "$scratch/headers" \
        -w '%{http_code}' "$@") || status=0
}

# JSON string literal for TEXT (UTF-8 passes through; quotes and backslashes escaped).
json_string() {
    local s=$1
    s=${s//\\/\\\\}
    s=${s//\"/\\\"}
    s=${s//$'\n'/\\n}
    s=${s//$'\r'/\\r}
    s=${s//$'\t'/\\t}
    if [[ $s == *[[:cntrl:]]* ]]; then
        say "a control character in output: $(printf '%q' "$1")"
        exit "$EXIT_FAILED"
    fi
    printf '"%s"' "$s"
}

# ---- the peer contract -----------------------------------------------------------------

# emit METHOD PATH URL AUTHORIZATION CONTENT_TYPE [BODY]: prints the request as a dump line,
# or sends it and prints its status line. An empty AUTHORIZATION or CONTENT_TYPE is absent;
# no BODY argument means no body.
exit_code=0
emit() {
    local verb=$1 path=$2 url=$3 auth=$4 type=$5
    local has_body=$(($# >= 6)) body=${6-}
    if $dump; then
        local headers='' sep=''
        if [[ -n $auth ]]; then headers+="\"Authorization\":$(json_string "$auth")"; sep=,; fi
        if [[ -n $type ]]; then headers+="$sep\"Content-Type\":$(json_string "$type")"; fi
        local body_json=null
        ((has_body)) && body_json=$(json_string "$body")
        printf '{"method":%s,"url":%s,"headers":{%s},"body":%s}\n' \
            "$(json_string "$verb")" "$(json_string "$url")" "$headers" "$body_json"
        return
    fi
    local args=()
    [[ -n $auth ]] && args+=(-H "Authorization: $auth")
    [[ -n $type ]] && args+=(-H "Content-Type: $type")
    if ((has_body)); then
        args+=(--data-binary "$body")
    else
        args+=(-G)
    fi
    send "${args[@]}" "$url"
    printf '%s %s %s\n' "$verb" "$path" "$status"
    if [[ $status != 200 ]]; then
        say "$verb $path: $status $(cat "$scratch/body")"
        exit_code=$EXIT_FAILED
    fi
}

# The Authorization header value of `oauthsig sign` (it prints "Authorization: OAuth …").
header_value() {
    local line
    line=$(sign "$@")
    printf '%s' "${line#Authorization: }"
}

run_peer() {
    local get_url="$base$GET_TARGET" form_url="$base/resource" json_url="$base/json"
    if [[ $mode == header ]]; then
        emit GET /resource "$get_url" "$(header_value GET "$get_url")" ''
        emit POST /resource "$form_url" "$(header_value -d "$FORM_BODY" POST "$form_url")" \
            "$FORM_TYPE" "$FORM_BODY"
        emit POST /json "$json_url" \
            "$(header_value -d "$JSON_BODY" --content-type "$JSON_TYPE" POST "$json_url")" \
            "$JSON_TYPE" "$JSON_BODY"
    else
        emit GET /resource "$(sign --url GET "$get_url")" '' ''
        emit POST /resource "$form_url" '' "$FORM_TYPE" \
            "$(sign --postdata -d "$FORM_BODY" POST "$form_url")"
        emit POST /json "$(sign --url -d "$JSON_BODY" --content-type "$JSON_TYPE" POST "$json_url")" \
            '' "$JSON_TYPE" "$JSON_BODY"
    fi
    return "$exit_code"
}

# ---- the three-legged flow -------------------------------------------------------------

# step NAME PLACEMENT [FIELDS]: one JSON line for a step with the last answer's status;
# PLACEMENT may be empty; FIELDS is more JSON members, each starting with a comma.
step() {
    local placement=''
    [[ -n $2 ]] && placement=",\"placement\":$(json_string "$2")"
    printf '{"step":%s%s,"status":%s%s}\n' "$(json_string "$1")" "$placement" "$status" "${3-}"
}

# Parses the last answer, a credentials response (RFC 5849 sections 2.1, 2.3), with
# `oauthsig token` (fed on stdin: the answer holds a secret) into tk_key, tk_secret and
# tk_confirmed. Fails (status 1) when it is not 200 or does not parse.
tk_key='' tk_secret='' tk_confirmed=false
parse_credentials() {
    tk_key='' tk_secret='' tk_confirmed=false
    local fields line
    if [[ $status != 200 ]] || ! fields=$("$oauthsig" token <"$scratch/body"); then
        say "$1: $status $(cat "$scratch/body")"
        return 1
    fi
    # One `name: value` line per field; oauthsig escapes control characters, so a value is
    # always the rest of its line.
    while IFS= read -r line; do
        case "$line" in
            'oauth_token: '*) tk_key=${line#oauth_token: } ;;
            'oauth_token_secret: '*) tk_secret=${line#oauth_token_secret: } ;;
            'oauth_callback_confirmed: true') tk_confirmed=true ;;
        esac
    done <<<"$fields"
}

# Decodes a form-encoded value ('+' is a space, %XX an octet).
form_decode() {
    local s=${1//+/ }
    printf '%b' "${s//%/\\x}"
}

# report STEP PLACEMENT WANT: prints the step of the last answer with provider.py's echo (one
# line of JSON, passed through for the harness to check) or the refusal; fails when the
# status is not WANT.
report() {
    local name=$1 placement=$2 want=$3
    if [[ $status == 200 ]]; then
        step "$name" "$placement" ",\"echo\":$(cat "$scratch/body")"
    else
        step "$name" "$placement" ",\"answer\":$(json_string "$(cat "$scratch/body")")"
    fi
    [[ $status == "$want" ]] || { say "$name ($placement): $status, expected $want"; return 1; }
}

# protected STEP PLACEMENT WANT CURL-ARGS…: sends, then reports.
protected() {
    local name=$1 placement=$2 want=$3
    shift 3
    send "$@"
    report "$name" "$placement" "$want"
}

# Runs a curl command line printed by `oauthsig sign --curl`, with this script's curl
# options appended (curl takes options after the URL). Running it is what a user does with
# it, and it checks the printed quoting with a real shell and a real curl.
run_printed_curl() {
    local printed=$1
    [[ $printed == 'curl '* ]] || { say "sign --curl printed: $printed"; exit "$EXIT_FAILED"; }
    local quoted
    quoted=$(printf ' %q' "${curl_options[@]}" -o "$scratch/body" -D "$scratch/headers" \
        -w '%{http_code}')
    : >"$scratch/body"
    status=$(eval "$printed$quoted") || status=0
}

# A bodiless POST (the token endpoints): Content-Length 0 and no Content-Type (curl would
# claim a form), exactly what was signed.
empty_post=(--data-binary '' -H 'Content-Type:')

run_flow() {
    local ok=true
    # 1. Temporary credentials (section 2.1): consumer credentials alone, with the callback.
    local url="$base/request_token"
    token='' token_secret=''
    send -H "$(sign --callback "$callback" POST "$url")" "${empty_post[@]}" "$url"
    parse_credentials request_token || true
    local confirmed=$tk_confirmed
    step request_token '' ",\"token\":$(json_string "$tk_key"),\"callback_confirmed\":$confirmed"
    [[ -n $tk_key && $confirmed == true ]] || { say "request_token: no confirmed token"; return 1; }
    local temporary=$tk_key temporary_secret=$tk_secret

    # 2. Authorization (section 2.2): provider.py approves at once and names the redirect a
    # browser would follow; the callback handler reads the verifier from its query. The
    # answer has no token secret, so it is no credentials response for `oauthsig token`.
    [[ $temporary =~ ^[A-Za-z0-9._~-]+$ ]] ||
        { say "temporary token needs percent-encoding: $temporary"; return 1; }
    send "$base/authorize?oauth_token=$temporary"
    local location='' name value oauth_token='' verifier='' state='' next=''
    location=$(tr -d '\r' <"$scratch/headers" | sed -n 's/^x-oauth-callback-location: *//Ip')
    local pair
    local -a pairs
    IFS='&' read -r -a pairs <<<"${location#*\?}"
    for pair in "${pairs[@]}"; do
        name=$(form_decode "${pair%%=*}")
        value=$(form_decode "${pair#*=}")
        case "$name" in
            oauth_token) oauth_token=$value ;;
            oauth_verifier) verifier=$value ;;
            state) state=$value ;;
            next) next=$value ;;
        esac
    done
    step authorize '' ",\"oauth_token\":$(json_string "$oauth_token"),\"verifier\":$(json_string "$verifier"),\"state\":$(json_string "$state"),\"next\":$(json_string "$next")"
    # The token in the redirect must be ours (OAuth Security Advisory 2009.1).
    [[ $status == 200 && $oauth_token == "$temporary" && -n $verifier ]] ||
        { say "authorize: no verifier for our temporary token: $(cat "$scratch/body")"; return 1; }

    # 3. Token credentials (section 2.3): signed with the temporary ones and the verifier.
    url="$base/access_token"
    token=$temporary token_secret=$temporary_secret
    send -H "$(sign --verifier "$verifier" POST "$url")" "${empty_post[@]}" "$url"
    parse_credentials access_token || true
    step access_token '' ",\"token\":$(json_string "$tk_key")"
    [[ -n $tk_key ]] || return 1
    token=$tk_key token_secret=$tk_secret

    # 4. Protected resources, every way `oauthsig sign` lays them out.
    local get_url="$base$GET_TARGET" form_url="$base/resource" json_url="$base/json"
    local json=(-H "Content-Type: $JSON_TYPE" --data-binary "$JSON_BODY")
    local json_sign=(-d "$JSON_BODY" --content-type "$JSON_TYPE" POST "$json_url")
    protected get_resource header 200 -G -H "$(sign GET "$get_url")" "$get_url" || ok=false
    protected get_resource query 200 -G "$(sign --url GET "$get_url")" || ok=false
    protected post_form header 200 -H "$(sign -d "$FORM_BODY" POST "$form_url")" \
        --data-binary "$FORM_BODY" "$form_url" || ok=false
    protected post_form body 200 --data-binary \
        "$(sign --postdata -d "$FORM_BODY" POST "$form_url")" "$form_url" || ok=false
    run_printed_curl "$(sign --curl -d "$FORM_BODY" POST "$form_url")"
    report post_form curl 200 || ok=false
    protected post_json header 200 -H "$(sign "${json_sign[@]}")" "${json[@]}" "$json_url" ||
        ok=false
    protected post_json query 200 "${json[@]}" "$(sign --url "${json_sign[@]}")" || ok=false
    run_printed_curl "$(sign --curl "${json_sign[@]}")"
    report post_json curl 200 || ok=false

    # 5. Refusals, each a 401. A replay: the same signed request twice, accepted once.
    local header first
    header=$(sign GET "$get_url")
    send -G -H "$header" "$get_url"
    first=$status
    send -G -H "$header" "$get_url"
    step replay header ",\"first\":$first"
    [[ $first == 200 && $status == 401 ]] || { say "replay: $first then $status"; ok=false; }
    if $rsa; then
        # The private key takes the consumer secret's place: another valid key is refused.
        header=$(sign_with '' "$token" '' "$wrong_private_key" GET "$get_url")
        protected wrong_private_key header 401 -G -H "$header" "$get_url" || ok=false
        # The token secret plays no part in an RSA signature (section 3.4.3): a wrong one in
        # the environment must be ignored and the request accepted. The token itself counts.
        header=$(sign_with '' "$token" not-the-token-secret "$private_key" \
            -d "$FORM_BODY" POST "$form_url")
        protected wrong_token_secret header 200 -H "$header" --data-binary "$FORM_BODY" \
            "$form_url" || ok=false
        header=$(sign_with '' not-an-issued-token '' "$private_key" \
            -d "$FORM_BODY" POST "$form_url")
        protected unknown_token header 401 -H "$header" --data-binary "$FORM_BODY" \
            "$form_url" || ok=false
    else
        header=$(sign_with not-the-consumer-secret "$token" "$token_secret" '' \
            GET "$get_url")
        protected wrong_consumer_secret header 401 -G -H "$header" "$get_url" || ok=false
        header=$(sign_with "$consumer_secret" "$token" not-the-token-secret '' \
            -d "$FORM_BODY" POST "$form_url")
        protected wrong_token_secret header 401 -H "$header" --data-binary "$FORM_BODY" \
            "$form_url" || ok=false
    fi
    # The body hash binds the body: the signed header with another JSON body.
    protected changed_json_body header 401 -H "$(sign "${json_sign[@]}")" \
        -H "Content-Type: $JSON_TYPE" --data-binary "$CHANGED_JSON_BODY" "$json_url" ||
        ok=false
    $ok
}

if $flow; then
    run_flow || exit "$EXIT_FAILED"
else
    run_peer || exit "$EXIT_FAILED"
fi
