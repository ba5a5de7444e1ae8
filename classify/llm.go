package classify

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/incidentbot/incidentbot/bot"
)

const (
	// DefaultModel is used when LLMConfig.Model is empty.
	DefaultModel = "gpt-4o-mini"
	// DefaultTimeout bounds one attempt: the suggestion is made while the
	// reporter waits for a receipt, and the rules are always there instead.
	DefaultTimeout = 8 * time.Second
	// maxRetryAfter is the longest a rate limit's Retry-After is waited
	// out; beyond it the rules answer at once.
	maxRetryAfter = 2 * time.Second
	// backoff is the pause before the one retry when the server gave none.
	backoff = 250 * time.Millisecond
)

// LLMConfig configures NewLLM.
type LLMConfig struct {
	APIKey string
	// BaseURL is any OpenAI-compatible endpoint; empty is OpenAI's.
	BaseURL string
	// Model is the model name; empty is DefaultModel.
	Model string
	// Timeout bounds each attempt; zero is DefaultTimeout.
	Timeout time.Duration
	// Fallback answers whenever the model does not; nil is NewRules().
	Fallback bot.Classifier
	// HTTPClient makes the requests; nil is a plain http.Client.
	HTTPClient *http.Client
	// Now is the bot's clock, which a Retry-After given as a date is
	// counted from; nil is time.Now.
	Now func() time.Time
}

// LLM classifies with a language model behind an OpenAI-compatible API.
// Only the report's text leaves the process, after Redact; any failure
// gives the fallback's suggestion, so Classify errs only if that does.
type LLM struct {
	client   *openai.Client
	model    string
	timeout  time.Duration
	fallback bot.Classifier
	now      func() time.Time
	// jsonMode is set once the server has rejected json_schema: it will
	// again, so later calls ask for a JSON object straight away.
	jsonMode atomic.Bool
}

var _ bot.Classifier = (*LLM)(nil)

// NewLLM returns an LLM classifier; it makes no request until Classify.
func NewLLM(cfg LLMConfig) *LLM {
	oc := openai.DefaultConfig(cfg.APIKey)
	if cfg.BaseURL != "" {
		oc.BaseURL = cfg.BaseURL
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{}
	}
	oc.HTTPClient = headerDoer{hc}
	l := &LLM{
		client:   openai.NewClientWithConfig(oc),
		model:    cmp.Or(cfg.Model, DefaultModel),
		timeout:  cmp.Or(cfg.Timeout, DefaultTimeout),
		fallback: cfg.Fallback,
		now:      cfg.Now,
	}
	if l.now == nil {
		l.now = time.Now
	}
	if l.fallback == nil {
		l.fallback = NewRules()
	}
	return l
}

// Classify asks the model; on a rejected schema it asks once more in JSON
// mode, on a timeout, 5xx or 429 it retries once, and otherwise, or when
// that fails too, it returns the fallback's suggestion with a Source that
// says why, e.g. "rules (llm failed: timeout)".
func (l *LLM) Classify(ctx context.Context, in bot.ClassifyInput) (bot.Suggestion, error) {
	text := Redact(in.Text, in.Names)
	jsonMode, retried := l.jsonMode.Load(), false
	for {
		s, f := l.ask(ctx, text, jsonMode)
		switch {
		case f == nil:
			s.Source = "llm:" + l.model
			return s, nil
		case f.schemaRejected && !jsonMode:
			jsonMode = true
			l.jsonMode.Store(true)
			continue
		case !f.retryable || retried:
			return l.fallBack(ctx, in, f.reason)
		case f.retryAfter > maxRetryAfter:
			return l.fallBack(ctx, in, fmt.Sprintf("%s, retry after %s", f.reason, f.retryAfter))
		}
		retried = true
		if err := pause(ctx, f.wait()); err != nil {
			return l.fallBack(ctx, in, f.reason)
		}
	}
}

func (l *LLM) fallBack(ctx context.Context, in bot.ClassifyInput, reason string) (bot.Suggestion, error) {
	s, err := l.fallback.Classify(ctx, in)
	if err != nil {
		return s, fmt.Errorf("classify: llm failed (%s) and so did the fallback: %w", reason, err)
	}
	s.Source = fmt.Sprintf("%s (llm failed: %s)", s.Source, reason)
	return s, nil
}

// failure is why one attempt gave no suggestion.
type failure struct {
	reason         string // short and free of report text: it ends up in Source
	retryable      bool
	retryAfter     time.Duration // a 429's Retry-After, when given
	schemaRejected bool
}

func (f *failure) wait() time.Duration {
	switch {
	case f.retryAfter > 0:
		return f.retryAfter
	case f.reason == "timeout":
		return 0 // the attempt has waited long enough already
	}
	return backoff
}

// ask makes one attempt, bounded by the timeout.
func (l *LLM) ask(ctx context.Context, text string, jsonMode bool) (bot.Suggestion, *failure) {
	actx, cancel := context.WithTimeout(ctx, l.timeout)
	defer cancel()
	var retryAfter string
	actx = context.WithValue(actx, retryAfterKey{}, &retryAfter)
	resp, err := l.client.CreateChatCompletion(actx, l.request(text, jsonMode))
	if err != nil {
		if ctx.Err() == nil && actx.Err() != nil {
			return bot.Suggestion{}, &failure{reason: "timeout", retryable: true}
		}
		return bot.Suggestion{}, describe(ctx, err, retryAfter, l.now())
	}
	if len(resp.Choices) == 0 {
		return bot.Suggestion{}, &failure{reason: "no answer"}
	}
	s, err := parseAnswer(resp.Choices[0].Message.Content)
	if err != nil {
		return bot.Suggestion{}, &failure{reason: err.Error()}
	}
	return s, nil
}

func (l *LLM) request(text string, jsonMode bool) openai.ChatCompletionRequest {
	req := openai.ChatCompletionRequest{
		Model: l.model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: systemPrompt},
			{Role: openai.ChatMessageRoleUser, Content: text},
		},
		ResponseFormat: &openai.ChatCompletionResponseFormat{
			Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
			JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{
				Name: "incident_suggestion", Schema: answerSchema, Strict: true,
			},
		},
	}
	if jsonMode {
		req.ResponseFormat = &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}
	}
	// go-openai drops a zero temperature (omitempty), which servers read as
	// their default of 1; its maintainers' workaround is the smallest
	// float32. Reasoning models refuse any temperature at all.
	if !reasoningModel(l.model) {
		req.Temperature = math.SmallestNonzeroFloat32
	}
	return req
}

func reasoningModel(model string) bool {
	for _, p := range []string{"o1", "o3", "o4", "gpt-5"} {
		if strings.HasPrefix(model, p) {
			return true
		}
	}
	return false
}

// describe turns a client error into a failure. ctx is the caller's: when
// it is done, retrying is pointless.
func describe(ctx context.Context, err error, retryAfter string, now time.Time) *failure {
	if ctx.Err() != nil {
		return &failure{reason: "canceled"}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &failure{reason: "timeout", retryable: true}
	}
	var (
		status int
		detail string
		apiErr *openai.APIError
		reqErr *openai.RequestError
	)
	switch {
	case errors.As(err, &apiErr):
		status = apiErr.HTTPStatusCode
		detail = fmt.Sprint(apiErr.Message, " ", apiErr.Code, " ", derefOr(apiErr.Param))
	case errors.As(err, &reqErr):
		status, detail = reqErr.HTTPStatusCode, string(reqErr.Body)
	default:
		return &failure{reason: "request failed", retryable: true} // the network, most likely
	}
	f := &failure{reason: "http " + strconv.Itoa(status)}
	switch {
	case status == http.StatusTooManyRequests:
		f.reason, f.retryable, f.retryAfter = "rate limited", true, parseRetryAfter(retryAfter, now)
	case status >= 500:
		f.retryable = true
	case status == http.StatusBadRequest && schemaRejection([]byte(detail)):
		f.reason, f.schemaRejected = "json_schema rejected", true
	}
	return f
}

func derefOr(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// parseRetryAfter reads seconds or an HTTP date, counted from now; zero
// means no usable hint.
func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return 0
}

// pause waits d or until ctx is done.
func pause(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// retryAfterKey carries, in a request's context, where headerDoer puts
// the response's Retry-After: go-openai's errors keep no headers.
type retryAfterKey struct{}

type headerDoer struct{ doer openai.HTTPDoer }

func (d headerDoer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.doer.Do(req)
	if resp != nil {
		if p, ok := req.Context().Value(retryAfterKey{}).(*string); ok {
			*p = resp.Header.Get("Retry-After")
		}
	}
	return resp, err
}

// Offline returns the classifier that answers when the model does not;
// nothing it reads leaves the process. Delivery uses it for a report
// whose names it cannot all give to Redact (deliver.Service.Offline).
func (l *LLM) Offline() bot.Classifier { return l.fallback }

var _ bot.Classifier = (*LLM)(nil)
