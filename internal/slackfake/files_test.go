package slackfake_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/internal/slackfake"
)

// smallPNG is a 4×4 PNG, enough to tell its bytes from any other upload.
func smallPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 2, color.RGBA{R: 0xD5, G: 0x5E, A: 0xFF})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestUploadFile(t *testing.T) {
	s := slackfake.New(t)
	api := slack.New("xoxb-test", slack.OptionAPIURL(s.URL()))
	data := smallPNG(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	got, err := api.UploadFileContext(ctx, slack.UploadFileParameters{
		Reader: bytes.NewReader(data), FileSize: len(data), Filename: "vecka.png",
		Title: "Nya rapporter", Channel: "C123", InitialComment: "Veckans sammanfattning",
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.ID == "" || got.Title != "Nya rapporter" {
		t.Errorf("UploadFileContext = %+v, want an id and the title", got)
	}

	var methods []string
	for _, c := range s.Calls("") {
		methods = append(methods, c.Method)
	}
	if diff := cmp.Diff(methods, []string{"files.getUploadURLExternal", "upload", "files.completeUploadExternal"}); diff != "" {
		t.Errorf("calls (-got +want):\n%s", diff)
	}
	ask := s.Calls("files.getUploadURLExternal")[0]
	if ask.Param("filename") != "vecka.png" || ask.Param("length") != strconv.Itoa(len(data)) {
		t.Errorf("getUploadURLExternal form = %v", ask.Form)
	}
	if up := s.Calls("upload")[0]; up.Param("file_id") != got.ID {
		t.Errorf("upload went to %q, want %q", up.Param("file_id"), got.ID)
	}
	done := s.Calls("files.completeUploadExternal")[0]
	if done.Param("channel_id") != "C123" || done.Param("initial_comment") != "Veckans sammanfattning" {
		t.Errorf("completeUploadExternal form = %v", done.Form)
	}
	if diff := cmp.Diff(s.Uploads(), map[string][]byte{got.ID: data}); diff != "" {
		t.Errorf("Uploads (-got +want):\n%s", diff)
	}
}

func TestUploadFileFails(t *testing.T) {
	s := slackfake.New(t)
	api := slack.New("xoxb-test", slack.OptionAPIURL(s.URL()))
	data := smallPNG(t)
	params := slack.UploadFileParameters{Content: string(data), FileSize: len(data), Filename: "vecka.png", Channel: "C123"}
	ctx := context.Background()

	s.FailNext("upload", http.StatusTooManyRequests, 7, "")
	_, err := api.UploadFileContext(ctx, params)
	var limited *slack.RateLimitedError
	if !errors.As(err, &limited) || limited.RetryAfter != 7*time.Second {
		t.Errorf("upload on 429: err = %v, want RateLimitedError after 7s", err)
	}
	s.FailNext("files.getUploadURLExternal", http.StatusOK, 0, "not_allowed_token_type")
	if _, err := api.UploadFileContext(ctx, params); err == nil {
		t.Error("getUploadURLExternal failing: no error")
	}
	if len(s.Calls("files.completeUploadExternal")) != 0 || len(s.Uploads()) != 0 {
		t.Errorf("failed uploads were completed or stored: %v", s.Uploads())
	}

	if _, err := api.UploadFileContext(ctx, params); err != nil {
		t.Fatalf("upload after the failures: %v", err)
	}
	if n := len(s.Uploads()); n != 1 {
		t.Errorf("%d uploads stored, want 1", n)
	}
}
