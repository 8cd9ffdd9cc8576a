// Bulk entry: reports from JSON lines (paper forms typed up after an outage, demo
// data, load tests) through the same validation as the kiosk. A bad line is reported
// with its number and nothing from it is stored; good lines are stored one by one.
#pragma once
#include <istream>
#include <ostream>

#include "sync/contact_box.hpp"
#include "sync/store.hpp"

namespace wk::agent {

struct EnqueueResult {
    int stored = 0;
    int rejected = 0;
};

// Reads `in` line by line; prints each stored report's receipt code on `out` and each
// rejected line's number and reason on `err`. A line without a ward gets `default_ward`
// (the kiosk's); `province` is [kiosk] province, which the agent appends to the address
// it sends, so a line whose address, ward and province together are longer than the
// portal takes (field_limits.hpp) is rejected here rather than refused there for ever.
EnqueueResult enqueue_lines(std::istream& in, std::ostream& out, std::ostream& err, Store& store,
                            const ContactBox& box, const std::vector<Category>& categories, int kiosk_id,
                            const std::string& default_ward, const std::string& province, UnixMs now);

}  // namespace wk::agent
