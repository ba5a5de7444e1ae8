// Package bot is incidentbot's domain: the types and pure rules that tie
// reports and cases together – categories and their questions, drafts,
// cases and their state machine (status.go), routing with its
// conflict-of-interest rule, who may handle a case (roles.go), the legal
// clocks, the investigation document. It knows nothing of Slack or Redis
// and does no I/O of its own.
//
// The domain's work is done by the packages beside it, each declaring the
// store (and, where it sends, the notifier) it needs and nothing more:
//
//   - report: the reporter's dialog, drafts and submission;
//   - cases: coordinators' actions, the details view, the queue and
//     classification;
//   - deliver: what follows a change outside the request that made it – a
//     new case's receipt, cards and suggestion, and the announcement of
//     later changes;
//   - digest: the managers' weekly digest, sent exactly once;
//   - remind: reminders of the legal clocks, once per case, clock and
//     threshold;
//   - retention: the culling of closed cases' personal data when their
//     retention time has passed.
//
// The relay with a reporter who may be anonymous (relay.go) is split by
// who speaks: a handler asks in cases, the reporter answers in report,
// and deliver carries each message across once. They share a Runtime: the
// configuration in force, the bot's one clock and its log.
package bot
