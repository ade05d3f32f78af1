package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
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
//
// PASSIVE checkpoints never finish while readers keep old snapshots, and the WAL
// then only grows (7 MB for a 776 KB database was seen). So once the WAL file is
// past WALLimit, the checkpointer runs a TRUNCATE checkpoint on the writer, in the
// writer's turn at the gate: it waits for readers to move on, copies everything and
// empties the file. journal_size_limit trims the file after any full checkpoint. The
// same policy recovers a WAL that grew into a full disk once space is back.
func (db *DB) startCheckpoints(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, `PRAGMA wal_autocheckpoint = 0`); err != nil {
		return fmt.Errorf("turn off automatic checkpoints: %w", err)
	}
	if _, err := db.write.ExecContext(ctx, fmt.Sprintf(`PRAGMA journal_size_limit = %d`, WALLimit)); err != nil {
		return fmt.Errorf("limit the WAL: %w", err)
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
				if db.WALSize() > WALLimit {
					db.TruncateWAL(context.Background())
				}
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

// WALLimit is the WAL size past which the checkpointer empties it.
const WALLimit = 4 << 20

// WALSize is the size of the WAL file in bytes (0 when there is none).
func (db *DB) WALSize() int64 {
	fi, err := os.Stat(db.Path + "-wal")
	if err != nil {
		return 0
	}
	return fi.Size()
}

// TruncateWAL runs a TRUNCATE checkpoint in the writer's turn: every frame copied and
// the WAL file emptied, once readers allow (bounded by the busy timeout).
func (db *DB) TruncateWAL(ctx context.Context) error {
	return db.readOnWriter(ctx, func(w *sql.DB) error {
		var busy, frames, done int
		if err := w.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &frames, &done); err != nil {
			return fmt.Errorf("truncate checkpoint: %w", err)
		}
		if busy != 0 {
			return fmt.Errorf("truncate checkpoint: readers kept it from finishing")
		}
		return nil
	})
}
