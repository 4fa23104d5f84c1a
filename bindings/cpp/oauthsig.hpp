// oauthsig.hpp — header-only C++17 wrapper over oauthsig.h (liboauthsig).
//
// RAII handles (std::unique_ptr with the library's deleters), move-only
// types, std::string outputs, and errors as a [[nodiscard]] Result that
// works with -fno-exceptions: nothing here throws. Link with
// `pkg-config --libs oauthsig`.
//
//   auto consumer = oauthsig::Consumer::create("9djdj82h48djs9d2", "j49sk3j29djd");
//   if (!consumer) { std::cerr << consumer.error().message << "\n"; return 1; }
//   auto request = oauthsig::Request::create("GET", "https://api.example.com/items?page=2");
//   ...request.value().sign(oauthsig::Method::HmacSha1, consumer.value(), nullptr)
//   auto header = request.value().authorization_header("Example");  // Result<std::string>
//
// Signing many requests: prepare a SigningKey once and call
// oauthsig::sign(key, request, oauthsig::Placement::Header, "Example").
//
// RSA-SHA1/256/512: read the key once (RsaPrivateKey::parse takes PEM, DER
// or base64), then Consumer::create_rsa or SigningKey::create_rsa; a server
// answers its verifier's lookup with LookupAnswer::public_key.
#ifndef OAUTHSIG_HPP
#define OAUTHSIG_HPP

#include "oauthsig.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace oauthsig {

// A failed call: the library's result code and the detail message of
// oauthsig_last_error_message (never contains secrets).
struct Error {
  oauthsig_result code;
  std::string message;
};

namespace detail {

inline const uint8_t *bytes(std::string_view s) noexcept {
  return reinterpret_cast<const uint8_t *>(s.data());
}

// A (ptr, len) field. A default-constructed string_view has a NULL data():
// given where a value is present, it must still read as "empty", not as
// "absent".
inline oauthsig_str str(std::string_view s) noexcept {
  return oauthsig_str{s.data() ? bytes(s) : bytes(""), s.size()};
}

// An optional (ptr, len) field: std::nullopt is (NULL, 0), "absent".
inline oauthsig_str opt(const std::optional<std::string_view> &s) noexcept {
  return s ? str(*s) : oauthsig_str{nullptr, 0};
}

// Reads the calling thread's last error detail.
inline Error last_error(oauthsig_result code) {
  char small[256];
  size_t len = 0;
  std::string message;
  oauthsig_result r = oauthsig_last_error_message(small, sizeof small, &len);
  if (r == OAUTHSIG_OK) {
    message.assign(small, len);
  } else if (r == OAUTHSIG_BUFFER_TOO_SMALL) {
    message.resize(len + 1);
    if (oauthsig_last_error_message(message.data(), message.size(), &len) == OAUTHSIG_OK) {
      message.resize(len);
    } else {
      message.clear();
    }
  }
  if (message.empty()) message = oauthsig_result_str(static_cast<uint32_t>(code));
  return Error{code, std::move(message)};
}

}  // namespace detail

// Either a value or an Error. Check `ok()` (or `operator bool`) before
// `value()`: calling `value()` on an error is undefined, as for
// std::optional's operator*; `value_or()` is always safe.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}           // NOLINT: implicit by design
  Result(Error error) : error_(std::move(error)) {}       // NOLINT
  bool ok() const noexcept { return value_.has_value(); }
  explicit operator bool() const noexcept { return ok(); }
  // The value; only valid when ok().
  T &value() & noexcept { return *value_; }
  const T &value() const & noexcept { return *value_; }
  T &&value() && noexcept { return std::move(*value_); }
  T value_or(T fallback) const & { return ok() ? *value_ : std::move(fallback); }
  // The error; only meaningful when !ok().
  const Error &error() const noexcept { return error_; }

 private:
  std::optional<T> value_;
  Error error_{OAUTHSIG_OK, {}};
};

// Success or an Error, for calls with no value.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT
  bool ok() const noexcept { return !failed_; }
  explicit operator bool() const noexcept { return ok(); }
  const Error &error() const noexcept { return error_; }

 private:
  Error error_{OAUTHSIG_OK, {}};
  bool failed_ = false;
};

namespace detail {

inline Status status(oauthsig_result r) {
  if (r == OAUTHSIG_OK) return Status();
  return Status(last_error(r));
}

// Calls `write(buf, cap, &len)` with a stack buffer, then once more with an
// exactly sized string when the output did not fit.
template <class Write>
Result<std::string> read_string(Write write) {
  char small[512];
  size_t len = 0;
  oauthsig_result r = write(small, sizeof small, &len);
  if (r == OAUTHSIG_OK) return std::string(small, len);
  if (r != OAUTHSIG_BUFFER_TOO_SMALL) return last_error(r);
  std::string out(len + 1, '\0');
  r = write(out.data(), out.size(), &len);
  if (r != OAUTHSIG_OK) return last_error(r);
  out.resize(len);
  return out;
}

template <class T, void (*Free)(T *)>
struct Deleter {
  void operator()(T *p) const noexcept { Free(p); }
};

}  // namespace detail

enum class Method : uint32_t {
  HmacSha1 = OAUTHSIG_HMAC_SHA1,
  HmacSha256 = OAUTHSIG_HMAC_SHA256,
  Plaintext = OAUTHSIG_PLAINTEXT,
  HmacSha512 = OAUTHSIG_HMAC_SHA512,
  RsaSha1 = OAUTHSIG_RSA_SHA1,      // with an RSA private key (Consumer::create_rsa, SigningKey::create_rsa)
  RsaSha256 = OAUTHSIG_RSA_SHA256,  // likewise
  RsaSha512 = OAUTHSIG_RSA_SHA512,  // likewise
};

// Where sign() puts the protocol parameters (RFC 5849 §3.5).
enum class Placement : uint32_t {
  Header = OAUTHSIG_PLACEMENT_HEADER,  // the Authorization header value
  Url = OAUTHSIG_PLACEMENT_URL,        // the signed URL
  Form = OAUTHSIG_PLACEMENT_FORM,      // the form body
};

// What SignRequest::body is.
enum class BodyKind : uint32_t {
  None = OAUTHSIG_BODY_NONE,                       // no signed body (body empty)
  Form = OAUTHSIG_BODY_FORM,                       // form-encoded: its parameters are signed
  Opaque = OAUTHSIG_BODY_OPAQUE,                   // any bytes: signed through oauth_body_hash
  PrecomputedHash = OAUTHSIG_BODY_PRECOMPUTED_HASH,  // the oauth_body_hash value itself
};

inline std::string_view version() noexcept { return oauthsig_version(); }

class RsaPublicKey;

// An RSA private key for the RSA methods (1024 to 8192 bits; thread-safe).
// Wiped from memory when destroyed; consumers and signing keys made from it
// keep their own copy.
class RsaPrivateKey {
 public:
  // PEM (RSA PRIVATE KEY, PRIVATE KEY), DER or base64 of the DER, as bytes.
  static Result<RsaPrivateKey> parse(std::string_view key) {
    oauthsig_rsa_private_key *k = nullptr;
    oauthsig_result r = oauthsig_rsa_private_key_new(detail::bytes(key), key.size(), &k);
    if (r != OAUTHSIG_OK) return detail::last_error(r);
    return RsaPrivateKey(k);
  }
  // An encrypted PKCS#8 key (ENCRYPTED PRIVATE KEY) with its passphrase;
  // an unencrypted one is read as by parse().
  static Result<RsaPrivateKey> parse_encrypted(std::string_view key, std::string_view passphrase) {
    oauthsig_rsa_private_key *k = nullptr;
    oauthsig_result r = oauthsig_rsa_private_key_new_encrypted(detail::bytes(key), key.size(), detail::bytes(passphrase),
                                                               passphrase.size(), &k);
    if (r != OAUTHSIG_OK) return detail::last_error(r);
    return RsaPrivateKey(k);
  }
  Result<size_t> bits() const {
    size_t n = 0;
    oauthsig_result r = oauthsig_rsa_private_key_bits(p_.get(), &n);
    if (r != OAUTHSIG_OK) return detail::last_error(r);
    return n;
  }
  // The public half (defined after RsaPublicKey).
  Result<RsaPublicKey> public_key() const;
  const oauthsig_rsa_private_key *get() const noexcept { return p_.get(); }

 private:
  explicit RsaPrivateKey(oauthsig_rsa_private_key *p) : p_(p) {}
  std::unique_ptr<oauthsig_rsa_private_key, detail::Deleter<oauthsig_rsa_private_key, oauthsig_rsa_private_key_free>> p_;
};

// An RSA public key for checking the RSA methods' signatures (thread-safe).
class RsaPublicKey {
 public:
  // PEM (PUBLIC KEY, RSA PUBLIC KEY, CERTIFICATE), DER of any of them, or
  // bare base64 of the DER, as bytes.
  static Result<RsaPublicKey> parse(std::string_view key) {
    oauthsig_rsa_public_key *k = nullptr;
    oauthsig_result r = oauthsig_rsa_public_key_new(detail::bytes(key), key.size(), &k);
    if (r != OAUTHSIG_OK) return detail::last_error(r);
    return RsaPublicKey(k);
  }
  Result<size_t> bits() const {
    size_t n = 0;
    oauthsig_result r = oauthsig_rsa_public_key_bits(p_.get(), &n);
    if (r != OAUTHSIG_OK) return detail::last_error(r);
    return n;
  }
  const oauthsig_rsa_public_key *get() const noexcept { return p_.get(); }

 private:
  friend class RsaPrivateKey;
  explicit RsaPublicKey(oauthsig_rsa_public_key *p) : p_(p) {}
  std::unique_ptr<oauthsig_rsa_public_key, detail::Deleter<oauthsig_rsa_public_key, oauthsig_rsa_public_key_free>> p_;
};

inline Result<RsaPublicKey> RsaPrivateKey::public_key() const {
  oauthsig_rsa_public_key *k = nullptr;
  oauthsig_result r = oauthsig_rsa_private_key_public_key(p_.get(), &k);
  if (r != OAUTHSIG_OK) return detail::last_error(r);
  return RsaPublicKey(k);
}

// Client credentials (consumer key and secret, or consumer key and RSA
// private key).
class Consumer {
 public:
  static Result<Consumer> create(std::string_view key, std::string_view secret) {
    oauthsig_consumer *c = nullptr;
    oauthsig_result r = oauthsig_consumer_new(detail::bytes(key), key.size(), detail::bytes(secret), secret.size(), &c);
    if (r != OAUTHSIG_OK) return detail::last_error(r);
    return Consumer(c);
  }
  // A consumer that signs with the RSA methods (it keeps its own copy of
  // the key).
  static Result<Consumer> create_rsa(std::string_view key, const RsaPrivateKey &private_key) {
    oauthsig_consumer *c = nullptr;
    oauthsig_result r = oauthsig_consumer_new_rsa(detail::bytes(key), key.size(), private_key.get(), &c);
    if (r != OAUTHSIG_OK) return detail::last_error(r);
    return Consumer(c);
  }
  const oauthsig_consumer *get() const noexcept { return p_.get(); }

 private:
  explicit Consumer(oauthsig_consumer *p) : p_(p) {}
  std::unique_ptr<oauthsig_consumer, detail::Deleter<oauthsig_consumer, oauthsig_consumer_free>> p_;
};

// Token credentials, with the credentials-response string form.
class Token {
 public:
  static Result<Token> create(std::string_view key, std::string_view secret) {
    oauthsig_token *t = nullptr;
    oauthsig_result r = oauthsig_token_new(detail::bytes(key), key.size(), detail::bytes(secret), secret.size(), &t);
    if (r != OAUTHSIG_OK) return detail::last_error(r);
    return Token(t);
  }
  // Parses `oauth_token=..&oauth_token_secret=..[&...]`.
  static Result<Token> parse(std::string_view response) {
    oauthsig_token *t = nullptr;
    oauthsig_result r = oauthsig_token_parse(detail::bytes(response), response.size(), &t);
    if (r != OAUTHSIG_OK) return detail::last_error(r);
    return Token(t);
  }
  Result<std::string> key() const { return field(OAUTHSIG_TOKEN_KEY); }
  Result<std::string> secret() const { return field(OAUTHSIG_TOKEN_SECRET); }
  Result<std::string> verifier() const { return field(OAUTHSIG_TOKEN_VERIFIER); }
  Result<std::string> to_string() const {
    return detail::read_string([&](char *b, size_t c, size_t *l) { return oauthsig_token_to_string(p_.get(), b, c, l); });
  }
  // An extra response field (e.g. "screen_name").
  Result<std::string> get(std::string_view name) const {
    return detail::read_string([&](char *b, size_t c, size_t *l) {
      return oauthsig_token_get_extra(p_.get(), detail::bytes(name), name.size(), b, c, l);
    });
  }
  Result<bool> callback_confirmed() const {
    bool v = false;
    oauthsig_result r = oauthsig_token_callback_confirmed(p_.get(), &v);
    if (r != OAUTHSIG_OK) return detail::last_error(r);
    return v;
  }
  Status set_callback(std::string_view callback) {
    return detail::status(oauthsig_token_set_callback(p_.get(), detail::bytes(callback), callback.size()));
  }
  // Sets the verifier; std::nullopt generates one from the CSPRNG.
  Status set_verifier(std::optional<std::string_view> verifier) {
    if (!verifier) return detail::status(oauthsig_token_set_verifier(p_.get(), nullptr, 0));
    return detail::status(oauthsig_token_set_verifier(p_.get(), detail::bytes(*verifier), verifier->size()));
  }
  Result<std::string> callback_url() const {
    return detail::read_string([&](char *b, size_t c, size_t *l) { return oauthsig_token_callback_url(p_.get(), b, c, l); });
  }
  const oauthsig_token *get() const noexcept { return p_.get(); }

 private:
  explicit Token(oauthsig_token *p) : p_(p) {}
  Result<std::string> field(oauthsig_token_field f) const {
    return detail::read_string([&](char *b, size_t c, size_t *l) {
      return oauthsig_token_get_field(p_.get(), static_cast<uint32_t>(f), b, c, l);
    });
  }
  std::unique_ptr<oauthsig_token, detail::Deleter<oauthsig_token, oauthsig_token_free>> p_;
};

// A prepared signing key (thread-safe, reusable).
class SigningKey {
 public:
  static Result<SigningKey> create(Method m, const Consumer &consumer, const Token *token) {
    oauthsig_signing_key *k = nullptr;
    oauthsig_result r = oauthsig_signing_key_new(static_cast<uint32_t>(m), consumer.get(), token ? token->get() : nullptr, &k);
    if (r != OAUTHSIG_OK) return detail::last_error(r);
    return SigningKey(k);
  }
  // An RSA private key prepared for an RSA method (it keeps its own copy).
  static Result<SigningKey> create_rsa(Method m, const RsaPrivateKey &key) {
    oauthsig_signing_key *k = nullptr;
    oauthsig_result r = oauthsig_signing_key_new_rsa(static_cast<uint32_t>(m), key.get(), &k);
    if (r != OAUTHSIG_OK) return detail::last_error(r);
    return SigningKey(k);
  }
  const oauthsig_signing_key *get() const noexcept { return p_.get(); }

 private:
  explicit SigningKey(oauthsig_signing_key *p) : p_(p) {}
  std::unique_ptr<oauthsig_signing_key, detail::Deleter<oauthsig_signing_key, oauthsig_signing_key_free>> p_;
};

// A provider's profile: its signature method, placement, body hash,
// realm, oauth_version and nonce length, and for a verifier its accepted
// methods, timestamp window and nonce lengths (immutable, thread-safe).
class Profile {
 public:
  // `account` is a NetSuite account id (gives that profile its realm);
  // other profiles take none.
  static Result<Profile> create(oauthsig_profile_id id, std::optional<std::string_view> account = std::nullopt) {
    oauthsig_profile *p = nullptr;
    oauthsig_str a = detail::opt(account);
    oauthsig_result r = oauthsig_profile_new(static_cast<uint32_t>(id), a.ptr, a.len, &p);
    if (r != OAUTHSIG_OK) return detail::last_error(r);
    return Profile(p);
  }
  // By the command line's name: "x", "jira", "netsuite:ACCOUNT", "lti11", ...
  static Result<Profile> by_name(std::string_view name) {
    oauthsig_profile *p = nullptr;
    oauthsig_result r = oauthsig_profile_by_name(detail::bytes(name), name.size(), &p);
    if (r != OAUTHSIG_OK) return detail::last_error(r);
    return Profile(p);
  }
  const oauthsig_profile *get() const noexcept { return p_.get(); }

 private:
  explicit Profile(oauthsig_profile *p) : p_(p) {}
  std::unique_ptr<oauthsig_profile, detail::Deleter<oauthsig_profile, oauthsig_profile_free>> p_;
};

// A request being built and signed (or parsed from an incoming one).
class Request {
 public:
  static Result<Request> create(std::string_view method, std::string_view url) {
    oauthsig_request *q = nullptr;
    oauthsig_result r = oauthsig_request_new(detail::bytes(method), method.size(), detail::bytes(url), url.size(), &q);
    if (r != OAUTHSIG_OK) return detail::last_error(r);
    return Request(q);
  }
  // With consumer key, token, fresh nonce, timestamp and oauth_version.
  static Result<Request> for_consumer(const Consumer &consumer, const Token *token, std::string_view method, std::string_view url) {
    oauthsig_request *q = nullptr;
    oauthsig_result r = oauthsig_request_from_consumer_and_token(consumer.get(), token ? token->get() : nullptr,
                                                                 detail::bytes(method), method.size(), detail::bytes(url), url.size(), &q);
    if (r != OAUTHSIG_OK) return detail::last_error(r);
    return Request(q);
  }
  // for_consumer with the profile's choices (body hash, oauth_version,
  // nonce length); sign it with sign(profile, ...).
  static Result<Request> for_profile(const Profile &profile, const Consumer &consumer, const Token *token,
                                     std::string_view method, std::string_view url) {
    oauthsig_request *q = nullptr;
    oauthsig_result r = oauthsig_request_from_profile(profile.get(), consumer.get(), token ? token->get() : nullptr,
                                                      detail::bytes(method), method.size(), detail::bytes(url), url.size(), &q);
    if (r != OAUTHSIG_OK) return detail::last_error(r);
    return Request(q);
  }
  Status add_param(std::string_view name, std::string_view value, oauthsig_param_location where = OAUTHSIG_PARAM_ANY) {
    return detail::status(oauthsig_request_add_param(p_.get(), static_cast<uint32_t>(where), detail::bytes(name), name.size(), detail::bytes(value), value.size()));
  }
  Status set_form_body(std::string_view body) {
    return detail::status(oauthsig_request_set_form_body(p_.get(), detail::bytes(body), body.size()));
  }
  Status set_body(std::string_view body, std::string_view content_type) {
    return detail::status(oauthsig_request_set_body(p_.get(), detail::bytes(body), body.size(), detail::bytes(content_type), content_type.size()));
  }
  Status set(oauthsig_protocol_param which, std::string_view value) {
    return detail::status(oauthsig_request_set(p_.get(), static_cast<uint32_t>(which), detail::bytes(value), value.size()));
  }
  // PLAINTEXT to an http:// URL sends the secrets in clear; RFC 5849
  // §3.4.4 requires TLS, so signing it fails with
  // OAUTHSIG_PLAINTEXT_OVER_HTTP unless allowed here (false takes it back).
  Status allow_plaintext_over_http(bool allow = true) {
    return detail::status(oauthsig_request_allow_plaintext_over_http(p_.get(), allow ? 1 : 0));
  }
  Status sign(Method m, const Consumer &consumer, const Token *token) {
    return detail::status(oauthsig_request_sign(p_.get(), static_cast<uint32_t>(m), consumer.get(), token ? token->get() : nullptr));
  }
  Status sign(const SigningKey &key) { return detail::status(oauthsig_request_sign_with_key(p_.get(), key.get())); }
  // With the profile's signature method, body hash and oauth_version choice.
  Status sign(const Profile &profile, const Consumer &consumer, const Token *token) {
    return detail::status(oauthsig_request_sign_with_profile(p_.get(), profile.get(), consumer.get(), token ? token->get() : nullptr));
  }
  // The signed request where the profile puts the parameters: the header
  // value with its realm, the URL, or the form body.
  Result<std::string> write_for(const Profile &profile) const {
    return detail::read_string([&](char *b, size_t c, size_t *l) {
      return oauthsig_request_write_for_profile(p_.get(), profile.get(), b, c, l);
    });
  }
  Result<bool> check_signature(const Consumer &consumer, const Token *token) const {
    bool valid = false;
    oauthsig_result r = oauthsig_request_check_signature(p_.get(), consumer.get(), token ? token->get() : nullptr, &valid);
    if (r != OAUTHSIG_OK) return detail::last_error(r);
    return valid;
  }
  // An RSA-SHA1/256/512 signature, with the consumer's public key.
  Result<bool> check_signature(const RsaPublicKey &key) const {
    bool valid = false;
    oauthsig_result r = oauthsig_request_check_signature_with_public_key(p_.get(), key.get(), &valid);
    if (r != OAUTHSIG_OK) return detail::last_error(r);
    return valid;
  }
  Result<std::string> authorization_header(std::optional<std::string_view> realm = std::nullopt) const {
    return write(OAUTHSIG_OUTPUT_HEADER, realm);
  }
  Result<std::string> url() const { return write(OAUTHSIG_OUTPUT_URL); }
  Result<std::string> postdata() const { return write(OAUTHSIG_OUTPUT_POSTDATA); }
  Result<std::string> base_string() const { return write(OAUTHSIG_OUTPUT_BASE_STRING); }
  Result<std::string> signature() const { return write(OAUTHSIG_OUTPUT_SIGNATURE); }
  Result<std::string> get(std::string_view name) const {
    return detail::read_string([&](char *b, size_t c, size_t *l) {
      return oauthsig_request_get(p_.get(), detail::bytes(name), name.size(), b, c, l);
    });
  }
  const oauthsig_request *get() const noexcept { return p_.get(); }

 private:
  explicit Request(oauthsig_request *p) : p_(p) {}
  Result<std::string> write(oauthsig_output what, std::optional<std::string_view> realm = std::nullopt) const {
    return detail::read_string([&](char *b, size_t c, size_t *l) {
      oauthsig_str r = detail::opt(realm);
      return oauthsig_request_write(p_.get(), static_cast<uint32_t>(what), r.ptr, r.len, b, c, l);
    });
  }
  std::unique_ptr<oauthsig_request, detail::Deleter<oauthsig_request, oauthsig_request_free>> p_;
};

// What a verifier lookup hands back.
class LookupAnswer {
 public:
  explicit LookupAnswer(oauthsig_lookup_answer *a) noexcept : a_(a) {}
  bool secrets(std::string_view consumer_secret, std::string_view token_secret) noexcept {
    return oauthsig_lookup_answer_secrets(a_, detail::bytes(consumer_secret), consumer_secret.size(),
                                          detail::bytes(token_secret), token_secret.size()) == OAUTHSIG_OK;
  }
  bool key(const SigningKey &k) noexcept { return oauthsig_lookup_answer_key(a_, k.get()) == OAUTHSIG_OK; }
  // For the RSA methods. May be given with secrets() or key(): the verifier
  // uses the credential the request's method needs.
  bool public_key(const RsaPublicKey &k) noexcept {
    return oauthsig_lookup_answer_public_key(a_, k.get()) == OAUTHSIG_OK;
  }

 private:
  oauthsig_lookup_answer *a_;
};

// A verified request's parts.
class Verified {
 public:
  Result<std::string> consumer_key() const { return field(OAUTHSIG_VERIFIED_CONSUMER_KEY); }
  Result<std::string> token() const { return field(OAUTHSIG_VERIFIED_TOKEN); }
  Result<std::string> field(oauthsig_verified_field f) const {
    return detail::read_string([&](char *b, size_t c, size_t *l) {
      return oauthsig_verified_get_field(p_.get(), static_cast<uint32_t>(f), b, c, l);
    });
  }
  const oauthsig_verified *get() const noexcept { return p_.get(); }

 private:
  friend class Verifier;
  explicit Verified(oauthsig_verified *p) : p_(p) {}
  std::unique_ptr<oauthsig_verified, detail::Deleter<oauthsig_verified, oauthsig_verified_free>> p_;
};

// An incoming request's raw parts, as the server received them.
struct Incoming {
  std::string_view method;
  std::string_view url;
  std::optional<std::string_view> authorization;
  std::optional<std::string_view> content_type;
  std::optional<std::string_view> host;
  std::string_view body;
};

// A server-side verifier (thread-safe).
class Verifier {
 public:
  struct Options {
    bool hmac_sha1 = true;
    bool hmac_sha256 = false;
    bool plaintext = false;
    bool plaintext_over_http = false;
    uint64_t timestamp_window_seconds = 300;
    std::optional<std::string> realm;
    bool hmac_sha512 = false;
    bool rsa_sha1 = false;  // the lookup answers LookupAnswer::public_key
    bool rsa_sha256 = false;
    bool rsa_sha512 = false;
  };

  static Result<Verifier> create(const Options &o) {
    return build([&](oauthsig_verifier_builder *b) {
      oauthsig_result r = OAUTHSIG_OK;
      if (o.hmac_sha1 && r == OAUTHSIG_OK) r = oauthsig_verifier_builder_allow(b, OAUTHSIG_HMAC_SHA1);
      if (o.hmac_sha256 && r == OAUTHSIG_OK) r = oauthsig_verifier_builder_allow(b, OAUTHSIG_HMAC_SHA256);
      if (o.plaintext && r == OAUTHSIG_OK) r = oauthsig_verifier_builder_allow(b, OAUTHSIG_PLAINTEXT);
      if (o.hmac_sha512 && r == OAUTHSIG_OK) r = oauthsig_verifier_builder_allow(b, OAUTHSIG_HMAC_SHA512);
      if (o.rsa_sha1 && r == OAUTHSIG_OK) r = oauthsig_verifier_builder_allow(b, OAUTHSIG_RSA_SHA1);
      if (o.rsa_sha256 && r == OAUTHSIG_OK) r = oauthsig_verifier_builder_allow(b, OAUTHSIG_RSA_SHA256);
      if (o.rsa_sha512 && r == OAUTHSIG_OK) r = oauthsig_verifier_builder_allow(b, OAUTHSIG_RSA_SHA512);
      if (o.plaintext_over_http && r == OAUTHSIG_OK) r = oauthsig_verifier_builder_allow_plaintext_over_http(b);
      if (r == OAUTHSIG_OK) r = oauthsig_verifier_builder_timestamp_window(b, o.timestamp_window_seconds);
      if (o.realm && r == OAUTHSIG_OK) r = oauthsig_verifier_builder_require_realm(b, detail::bytes(*o.realm), o.realm->size());
      return r;
    });
  }

  // A verifier for the profile's provider: exactly its accepted methods,
  // timestamp window and nonce lengths (Options' defaults do not apply).
  static Result<Verifier> for_profile(const Profile &profile, std::optional<std::string_view> realm = std::nullopt) {
    return build([&](oauthsig_verifier_builder *b) {
      oauthsig_result r = oauthsig_verifier_builder_profile(b, profile.get());
      if (realm && r == OAUTHSIG_OK) r = oauthsig_verifier_builder_require_realm(b, detail::bytes(*realm), realm->size());
      return r;
    });
  }

  // The outcome: the verified parts, or the error with `http_status`.
  struct Outcome {
    std::optional<Verified> verified;
    uint16_t http_status = 500;
    Error error{OAUTHSIG_OK, {}};
    bool ok() const noexcept { return verified.has_value(); }
  };

  // `lookup(consumer_key, token_or_null, answer)` returns an
  // oauthsig_lookup_status. It must not throw (in builds with exceptions a
  // throw is caught and reported as OAUTHSIG_LOOKUP_UNAVAILABLE).
  template <class Lookup>
  [[nodiscard]] Outcome verify(const Incoming &in, Lookup &&lookup) const {
    auto trampoline = [](void *user, const uint8_t *ck, size_t ck_len, const uint8_t *tk, size_t tk_len,
                         oauthsig_lookup_answer *answer) -> uint32_t {
      auto &f = *static_cast<std::remove_reference_t<Lookup> *>(user);
      std::string_view consumer_key(reinterpret_cast<const char *>(ck), ck_len);
      std::optional<std::string_view> token;
      if (tk) token = std::string_view(reinterpret_cast<const char *>(tk), tk_len);
      LookupAnswer a(answer);
#if defined(__cpp_exceptions)
      try {
        return static_cast<uint32_t>(f(consumer_key, token, a));
      } catch (...) {
        return OAUTHSIG_LOOKUP_UNAVAILABLE;
      }
#else
      return static_cast<uint32_t>(f(consumer_key, token, a));
#endif
    };
    const oauthsig_str auth = detail::opt(in.authorization), ct = detail::opt(in.content_type),
                       host = detail::opt(in.host);
    Outcome out;
    oauthsig_verified *v = nullptr;
    oauthsig_result r = oauthsig_verifier_verify(
        p_.get(), detail::bytes(in.method), in.method.size(), detail::bytes(in.url), in.url.size(),
        auth.ptr, auth.len, ct.ptr, ct.len, host.ptr, host.len, detail::bytes(in.body), in.body.size(), trampoline,
        const_cast<void *>(static_cast<const void *>(std::addressof(lookup))), &v, &out.http_status);
    if (r == OAUTHSIG_OK) {
      out.verified.emplace(Verified(v));
    } else {
      out.error = detail::last_error(r);
    }
    return out;
  }

 private:
  explicit Verifier(oauthsig_verifier *p) : p_(p) {}

  // A new builder, set up by `configure` (which returns the first failure),
  // then built; the builder is freed on every path.
  template <class Configure>
  static Result<Verifier> build(Configure &&configure) {
    oauthsig_verifier_builder *b = nullptr;
    oauthsig_result r = oauthsig_verifier_builder_new(&b);
    if (r != OAUTHSIG_OK) return detail::last_error(r);
    std::unique_ptr<oauthsig_verifier_builder, detail::Deleter<oauthsig_verifier_builder, oauthsig_verifier_builder_free>> guard(b);
    r = configure(b);
    oauthsig_verifier *v = nullptr;
    if (r == OAUTHSIG_OK) r = oauthsig_verifier_build(b, &v);
    if (r != OAUTHSIG_OK) return detail::last_error(r);
    return Verifier(v);
  }

  std::unique_ptr<oauthsig_verifier, detail::Deleter<oauthsig_verifier, oauthsig_verifier_free>> p_;
};

// The parts of a request for sign(), borrowed for the call only.
struct SignRequest {
  std::string_view method;
  std::string_view url;
  BodyKind body_kind = BodyKind::None;
  std::string_view body;  // form text, opaque bytes or the body hash, as body_kind says
  std::string_view consumer_key;
  std::optional<std::string_view> token;
  std::optional<std::string_view> timestamp;  // std::nullopt: now
  std::optional<std::string_view> nonce;      // std::nullopt: a fresh CSPRNG nonce
  std::optional<std::string_view> callback;
  std::optional<std::string_view> verifier;
  bool include_version = false;  // send oauth_version=1.0
  // Sign PLAINTEXT to an http:// URL anyway (the secrets travel in clear;
  // RFC 5849 §3.4.4 requires TLS): otherwise OAUTHSIG_PLAINTEXT_OVER_HTTP.
  bool allow_plaintext_over_http = false;
};

// Signs `request` with a prepared key in one call (oauthsig_sign) and
// returns it placed as asked: the Authorization header value (with `realm`
// first, when given), the signed URL, or the form body. Thread-safe with a
// shared key; with an HMAC or PLAINTEXT key the only allocation is the
// returned string (an RSA signature is made on the heap).
inline Result<std::string> sign(const SigningKey &key, const SignRequest &request,
                                Placement placement = Placement::Header,
                                std::optional<std::string_view> realm = std::nullopt) {
  oauthsig_sign_request r{};
  r.method = detail::str(request.method);
  r.url = detail::str(request.url);
  r.body_kind = static_cast<uint32_t>(request.body_kind);
  r.body = detail::str(request.body);
  r.consumer_key = detail::str(request.consumer_key);
  r.token = detail::opt(request.token);
  r.timestamp = detail::opt(request.timestamp);
  r.nonce = detail::opt(request.nonce);
  r.callback = detail::opt(request.callback);
  r.verifier = detail::opt(request.verifier);
  r.include_version = request.include_version ? 1 : 0;
  r.allow_plaintext_over_http = request.allow_plaintext_over_http ? 1 : 0;
  oauthsig_str rlm = detail::opt(realm);
  return detail::read_string([&](char *b, size_t c, size_t *l) {
    return oauthsig_sign(key.get(), &r, static_cast<uint32_t>(placement), rlm.ptr, rlm.len, b, c, l);
  });
}

inline Result<std::string> generate_nonce(size_t len = 0) {
  return detail::read_string([&](char *b, size_t c, size_t *l) { return oauthsig_generate_nonce(len, b, c, l); });
}

inline Result<uint64_t> generate_timestamp() {
  uint64_t t = 0;
  oauthsig_result r = oauthsig_generate_timestamp(&t);
  if (r != OAUTHSIG_OK) return detail::last_error(r);
  return t;
}

inline Result<std::string> percent_encode(std::string_view text) {
  return detail::read_string([&](char *b, size_t c, size_t *l) {
    return oauthsig_percent_encode(detail::bytes(text), text.size(), b, c, l);
  });
}

inline Result<std::string> www_authenticate(std::string_view realm) {
  return detail::read_string([&](char *b, size_t c, size_t *l) {
    return oauthsig_www_authenticate(detail::bytes(realm), realm.size(), b, c, l);
  });
}

inline Result<std::string> xoauth_string(std::string_view url, const Consumer &consumer, const Token *token) {
  return detail::read_string([&](char *b, size_t c, size_t *l) {
    return oauthsig_xoauth_string(detail::bytes(url), url.size(), consumer.get(), token ? token->get() : nullptr, b, c, l);
  });
}

}  // namespace oauthsig

#endif  // OAUTHSIG_HPP
