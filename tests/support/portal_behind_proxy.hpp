// The reference portal on loopback (a real SQLite file, the province's categories, a
// fixed clock) with the fault proxy in front of it: the rig of the agent tests that
// break the network between the two. The fixtures own the three objects; these start
// them and stop them in the order each waits on the one before (proxy, then portal).
#pragma once
#include <memory>
#include <string>

#include "agent_test_kit.hpp"
#include "fault_proxy.hpp"
#include "portal_server.hpp"

namespace wk::test {

// False when a port cannot be bound.
inline bool start_portal_behind_proxy(const std::string& db_file, const std::string& api_key,
                                      std::unique_ptr<portal::PortalStore>& store,
                                      std::unique_ptr<portal::PortalServer>& server,
                                      std::unique_ptr<FaultProxy>& proxy) {
    store = std::make_unique<portal::PortalStore>(db_file);
    store->seed_services(portal::load_categories(asset_path("categories.json")));
    portal::PortalOptions o;
    o.api_keys = {api_key};
    o.clock = [] { return t0(); };
    server = std::make_unique<portal::PortalServer>(*store, o);
    int port = server->start("127.0.0.1", 0);
    if (port <= 0) return false;
    proxy = std::make_unique<FaultProxy>(port);
    return proxy->start() > 0;
}

inline void stop_portal_behind_proxy(std::unique_ptr<portal::PortalStore>& store,
                                     std::unique_ptr<portal::PortalServer>& server,
                                     std::unique_ptr<FaultProxy>& proxy) {
    if (proxy) proxy->stop();
    server.reset();
    store.reset();
}

}  // namespace wk::test
