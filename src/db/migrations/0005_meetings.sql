-- Reserved for the meetings work of wave 2. Its schema changes go here, written by hand (separate statements
-- with drizzle's statement-breakpoint marker line), with the tables and columns mirrored in src/db/schema/.
SELECT 1;
