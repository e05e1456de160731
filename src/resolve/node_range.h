// npm's semver ranges, as package.json "engines": {"node": RANGE} writes
// them, matched against a Node version. No dependency: the grammar is
// node-semver's (its README, "Ranges"): `||` between comparator sets; in a
// set, space-separated comparators, each `<`, `<=`, `>`, `>=`, `=` or none
// before a (partial) version, or `~` / `^` ranges, or a hyphen range
// `A - B`; `x`, `X` and `*` as wildcards; a leading `v` is allowed.
// Prerelease and build tags are ignored (Node releases have none).
#ifndef LEL_RESOLVE_NODE_RANGE_H_
#define LEL_RESOLVE_NODE_RANGE_H_

#include <array>
#include <string_view>

namespace lel {

using NodeVersion = std::array<long, 3>;  // major, minor, patch

enum class RangeMatch { kIncludes, kExcludes, kUnparsed };

// Whether `version` satisfies `range` ("" and "*" match every version);
// kUnparsed when `range` is not a range node-semver reads.
RangeMatch MatchNodeRange(std::string_view range, const NodeVersion& version);

// The Node version a runtime's major stands for: the one lambda-sim runs
// (docs/runtime-model.md; Lambda patches each runtime forward along its
// major, and publishes no minor to check against): 18.20.8, 20.20.2,
// 22.23.5, 24.22.3; other majors as N.0.0.
NodeVersion ModeledNodeVersion(int node_major);

}  // namespace lel

#endif  // LEL_RESOLVE_NODE_RANGE_H_
