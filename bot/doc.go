// Package bot is incidentbot's domain: reports, cases, categories, routing,
// drafts and the rules that tie them together. It knows nothing of Slack or
// Redis; it declares the interfaces it needs (CaseStore, DraftStore, Notifier)
// and the adapters beside it implement them.
package bot
