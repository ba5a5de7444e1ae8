package bot

import (
	"context"
	"sync"
	"time"
)

// KeepLease renews a lease every period until the returned stop is
// called or ctx ends. renew reports whether the lease is still held: when
// it is not, lost is called and renewing stops; when the store cannot be
// reached, failed is told and renewing goes on. stop waits for the
// renewing to end.
func KeepLease(ctx context.Context, period time.Duration, renew func(context.Context) (bool, error), failed func(error), lost func()) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(period)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
			}
			held, err := renew(ctx)
			switch {
			case err != nil:
				failed(err)
			case !held:
				lost()
				return
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
	}
}
