// A trivial read that proves the server is reachable, the credentials work and the database
// exists, before anything is written.
RETURN 1 AS ok
