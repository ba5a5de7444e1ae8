package bot

import (
	"errors"
	"fmt"
)

// Sentinel errors callers check with errors.Is.
var (
	// ErrNotFound means the case, draft or unit does not exist.
	ErrNotFound = errors.New("not found")
	// ErrNotAllowed means the actor's role does not permit the action.
	ErrNotAllowed = errors.New("not allowed")
	// ErrConflict means the thing changed under the caller (a stale form, a race).
	ErrConflict = errors.New("conflict")
	// ErrUnavailable means the store could not be reached; the user should try again.
	ErrUnavailable = errors.New("store unavailable")
	// ErrDraftChanged means a draft changed, or went, after it was read
	// for its submission: read it again.
	ErrDraftChanged = fmt.Errorf("the draft changed since it was read: %w", ErrConflict)
)
