package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/mockinterview/mockinterview/store"
)

const backupSynopsis = `backup [-db PATH] [-force] OUT

Writes a consistent copy of the database to OUT while the bot keeps running
(SQLite VACUUM INTO), checks the copy with PRAGMA integrity_check, and only then
moves it into place. An existing OUT is refused unless -force is given.`

func runBackup(ctx context.Context, args []string, sio IO) int {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	dbPath := addDBFlag(fs, sio.Getenv, "SQLite database file to copy")
	force := fs.Bool("force", false, "replace OUT if it exists")
	if code := parseFlags(fs, args, sio, backupSynopsis); code >= 0 {
		return code
	}
	// Flags may also follow OUT: `backup /data/copy.db -force`.
	var rest []string
	for fs.NArg() > 0 {
		rest = append(rest, fs.Arg(0))
		if code := parseFlags(fs, fs.Args()[1:], sio, backupSynopsis); code >= 0 {
			return code
		}
	}
	switch len(rest) {
	case 0:
		fmt.Fprintln(sio.Err, "mockinterview backup: name the file to write, e.g. mockinterview backup /data/backup.db (see -h)")
		return 2
	case 1:
	default:
		fmt.Fprintf(sio.Err, "mockinterview backup: unexpected argument %q (see -h)\n", rest[1])
		return 2
	}
	out := rest[0]

	// Opening would create an empty database; a backup of nothing is a mistake.
	if fi, err := os.Stat(*dbPath); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			fmt.Fprintf(sio.Err, "mockinterview backup: database %s does not exist (set -db or DATABASE_PATH)\n", *dbPath)
		} else {
			fmt.Fprintf(sio.Err, "mockinterview backup: database: %v\n", err)
		}
		return 2
	} else if fi.IsDir() {
		fmt.Fprintf(sio.Err, "mockinterview backup: database %s is a directory\n", *dbPath)
		return 2
	}
	if fi, err := os.Stat(out); err == nil {
		switch {
		case fi.IsDir():
			fmt.Fprintf(sio.Err, "mockinterview backup: %s is a directory; name a file in it\n", out)
			return 2
		case !*force:
			fmt.Fprintf(sio.Err, "mockinterview backup: %s already exists (use -force to replace it)\n", out)
			return 2
		}
	}

	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		fmt.Fprintf(sio.Err, "mockinterview backup: %v\n", err)
		return 1
	}
	defer db.Close()
	if err := db.Backup(ctx, out); err != nil {
		return fail(sio, "backup", err)
	}
	size := int64(-1)
	if fi, err := os.Stat(out); err == nil {
		size = fi.Size()
	}
	fmt.Fprintf(sio.Out, "backed up %s to %s (%d bytes, integrity ok)\n", *dbPath, out, size)
	return 0
}
