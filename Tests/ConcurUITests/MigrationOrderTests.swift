import ConcurUI
import Testing

@Suite("Migration order and path shortening")
struct MigrationOrderTests {
    @Test func ordersByVersionThenPath() {
        let paths = [
            "db/10_later.sql", "db/2_early.sql", "db/notes.sql", "prisma/20230505085908_b/migration.sql",
            "prisma/20230101000000_a/migration.sql", "flyway/V3__x.sql", "db/002_two.sql",
        ]
        let sorted = paths.sorted(by: MigrationOrder.precedes)
        #expect(
            sorted == [
                "db/002_two.sql", "db/2_early.sql", "flyway/V3__x.sql", "db/10_later.sql",
                "prisma/20230101000000_a/migration.sql", "prisma/20230505085908_b/migration.sql", "db/notes.sql",
            ])
    }

    @Test func shortensFromTheMiddle() {
        #expect(PathShortener.shorten("db/migrations/001.sql", to: 40) == "db/migrations/001.sql")
        #expect(PathShortener.shorten("db/migrations/20240101_x/migration.sql", to: 30) == "…/20240101_x/migration.sql")
        #expect(PathShortener.shorten("a/very_long_file_name_for_a_migration.sql", to: 15) == "very_lo…ion.sql")
        #expect(DisplayWidth.of(PathShortener.shorten("x/ünïcödé_名前_migration.sql", to: 12)) <= 12)
    }
}
