// The /staff/ routes of the reference portal: officers' login, the case list, one
// case with its forms, and the audit log. Each change to a case goes through
// PortalStore::add_update (so kiosks' agents see it) and writes one audit row.
// It owns no state beyond the handlers; the stores and the server belong to others.
#pragma once
#include <httplib.h>

#include "portal_server.hpp"
#include "staff_store.hpp"

namespace wk::portal {

// Adds the /staff/ handlers to `http`; `store` and `staff` must outlive it.
void install_staff_routes(httplib::Server& http, PortalStore& store, StaffStore& staff,
                          const PortalOptions& options);

} // namespace wk::portal
