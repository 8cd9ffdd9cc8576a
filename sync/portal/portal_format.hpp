// Open311 answers in the format the route asked for: every /open311/v2 path ends in
// .json or .xml, and its answer (errors included) comes back in that format. It owns
// the choice of encoder and the content types; it does not decide what to answer
// (portal_routes.cpp) nor how the structs are encoded (sync/open311*.hpp).
#pragma once
#include <httplib.h>

#include <string>
#include <vector>

#include "sync/open311.hpp"

namespace wk::portal {

// xml when the path ends in ".xml" (the routes' last regex group, or the raw path for
// httplib's own errors); json otherwise.
open311::Format format_of(const httplib::Request& q);

void send_error(const httplib::Request& q, httplib::Response& s, int status, const std::string& description);
void reply(const httplib::Request& q, httplib::Response& s, int status, const std::vector<open311::Service>& v);
void reply(const httplib::Request& q, httplib::Response& s, int status, const open311::ServiceDefinition& d);
void reply(const httplib::Request& q, httplib::Response& s, int status, const open311::PostResult& r);
void reply(const httplib::Request& q, httplib::Response& s, int status, const std::vector<open311::ServiceRequest>& v);
void reply(const httplib::Request& q, httplib::Response& s, int status, const std::vector<open311::RequestUpdate>& v);
// POST /servicerequestupdates: [{update_id}].
void reply_update_id(const httplib::Request& q, httplib::Response& s, const std::string& update_id);
// GET /tokens/{token}: [] before the id exists, [{token, service_request_id}] after.
void reply_token(const httplib::Request& q, httplib::Response& s, const std::string& token,
                 const std::string& service_request_id);
// GET /discovery: one endpoint at `url`, both formats.
void reply_discovery(const httplib::Request& q, httplib::Response& s, const std::string& url);

}  // namespace wk::portal
