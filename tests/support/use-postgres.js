// Jest setup of the "postgres" project: tests/support/db.ts opens TEST_DATABASE_URL instead of PGlite.
process.env.PU_TEST_ENGINE = 'postgres';
