package store

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// checkpointEvery is how often the background checkpointer copies the WAL into the
// database file.
const checkpointEvery = time.Second

// startCheckpoints moves WAL checkpoints off the writer. By default the connection
// whose commit pushes the WAL past 1,000 pages runs the checkpoint inside that
// commit: it copies the pages into the database file and syncs both, so one answer in
// a hundred or so waited milliseconds for its commit. The writer's automatic
// checkpoint is turned off and a reader connection runs a PASSIVE checkpoint every
// checkpointEvery instead; PASSIVE blocks neither readers nor the writer. (Should
// database/sql ever replace the writer connection, the new one checkpoints by
// itself again: slower, not wrong.)
func (db *DB) startCheckpoints(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, `PRAGMA wal_autocheckpoint = 0`); err != nil {
		return fmt.Errorf("turn off automatic checkpoints: %w", err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(checkpointEvery)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				db.Checkpoint(context.Background())
			}
		}
	}()
	var once sync.Once
	db.stopCheckpoints = func() {
		once.Do(func() {
			close(stop)
			wg.Wait()
		})
	}
	return nil
}

// Checkpoint copies what the WAL holds into the database file as far as readers
// allow (a PASSIVE checkpoint), without blocking the writer. It returns how many
// WAL frames there were and how many are now in the database file.
func (db *DB) Checkpoint(ctx context.Context) (frames, done int, err error) {
	var busy int
	err = db.read.QueryRowContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &frames, &done)
	if err != nil {
		return 0, 0, fmt.Errorf("checkpoint: %w", err)
	}
	return frames, done, nil
}
