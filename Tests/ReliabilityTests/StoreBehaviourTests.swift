import Foundation
import PostbackCore
import Store
import Testing

/// The store's behaviour through the `PostbackStore` protocol, against SQLite and PostgreSQL
/// alike (point 5): rule 13 and its counters, dedup modes, rejections, the log, concurrency
/// across two handles, bound parameters.
struct StoreBehaviourTests {
    static let now = Date(timeIntervalSince1970: 1_750_000_000.125)

    static func campaign(_ id: String, dedup: DedupMode = .clickEvent, token: String? = nil) -> Campaign {
        Campaign(
            id: id, status: .active, type: .cpi, payout: Money("1.20") ?? .zero, token: token,
            trackingLink: "https://trk.example/?cw={click_id}", dedup: dedup)
    }

    static func prepare(_ store: any PostbackStore, _ campaigns: [Campaign]) async throws {
        for campaign in campaigns {
            try await store.putCampaign(campaign)
            try await store.addClicks(
                (1...5).map { Click(id: "\(campaign.id)k\($0)", campaignID: campaign.id, createdAt: now) })
        }
    }

    static func send(_ store: any PostbackStore, _ query: String, method: String = "GET") async throws -> Verdict {
        try await store.process(
            PostbackRequest(
                method: method, target: "/postback/advertiser?" + query, source: "127.0.0.1", userAgent: "kind-tests",
                receivedAt: now),
            now: now)
    }

    @Test(arguments: StoreKind.available)
    func acceptedThenDuplicateThenStatusUpdated(kind: StoreKind) async throws {
        try await kind.withStore { store in
            try await Self.prepare(store, [Self.campaign("c1")])
            let accepted = try await Self.send(store, "campaign_id=c1&click_id=c1k1")
            #expect(accepted.result == .accepted)
            let id = try #require(accepted.conversionID)
            #expect(id.hasPrefix("cv_"))
            #expect(try await Self.send(store, "campaign_id=c1&click_id=c1k1").result == .duplicate)
            #expect(try await Self.send(store, "campaign_id=c1&click_id=c1k1&status=approved").result == .duplicate)
            let declined = try await Self.send(store, "campaign_id=c1&click_id=c1k1&status=declined")
            #expect(declined.result == .statusUpdated)
            #expect(declined.conversionID == id)
            let stats = try #require(try await store.stats(campaignID: "c1"))
            #expect(stats.clicks == 5)
            #expect(stats.conversions == 1)
            #expect(stats.conversionsByStatus == .init(approved: 0, pending: 0, declined: 1))
            #expect(stats.duplicates == 2)
            #expect(stats.statusUpdates == 1)
            #expect(stats.payoutTotal == .zero)
            let log = try await store.postbacks(PostbackLogFilter(campaignID: "c1"))
            #expect(log.map(\.result) == [.statusUpdated, .duplicate, .duplicate, .accepted])
            #expect(log.allSatisfy { $0.conversionID == id && $0.clickID == "c1k1" && $0.userAgent == "kind-tests" })
            #expect(log.last?.receivedAt == Self.now)
        }
    }

    /// DESIGN §3: a status update with a valid payout sets the conversion's payout; one without
    /// keeps it; a duplicate's payout changes nothing.
    @Test(arguments: StoreKind.available)
    func aStatusUpdateWithAPayoutSetsTheConversionsPayout(kind: StoreKind) async throws {
        try await kind.withStore { store in
            try await Self.prepare(store, [Self.campaign("c1")])
            let base = "campaign_id=c1&click_id=c1k1"
            let sends: [(String, PostbackResult, String)] = [
                ("&status=pending&payout=0", .accepted, "0"),
                ("&status=approved&payout=2.50", .statusUpdated, "2.5"),
                ("&status=approved&payout=9", .duplicate, "2.5"),
                ("&payout=9", .duplicate, "2.5"),
                ("&status=declined", .statusUpdated, "0"),
                ("&status=approved", .statusUpdated, "2.5"),
                ("&status=pending&payout=4", .statusUpdated, "0"),
                ("&status=approved", .statusUpdated, "4"),
            ]
            for (extra, result, total) in sends {
                #expect(try await Self.send(store, base + extra).result == result, "\(extra)")
                #expect(try await store.stats(campaignID: "c1")?.payoutTotal == Money(total), "after \(extra)")
            }
            let stats = try #require(try await store.stats(campaignID: "c1"))
            #expect(stats.conversions == 1)
            #expect(stats.conversionsByStatus == .init(approved: 1, pending: 0, declined: 0))
            #expect(stats.statusUpdates == 5)
            #expect(stats.duplicates == 2)
        }
    }

    @Test(arguments: StoreKind.available)
    func payoutsSumExactlyAndDedupModes(kind: StoreKind) async throws {
        try await kind.withStore { store in
            try await Self.prepare(
                store,
                [Self.campaign("c1"), Self.campaign("tx", dedup: .clickTxid), Self.campaign("all", dedup: .none)])
            #expect(try await Self.send(store, "campaign_id=c1&click_id=c1k1&payout=0.1").result == .accepted)
            #expect(try await Self.send(store, "campaign_id=c1&click_id=c1k2&payout=0.2").result == .accepted)
            #expect(
                try await Self.send(store, "campaign_id=c1&click_id=c1k3&payout=5&status=pending").result == .accepted)
            #expect(try await store.stats(campaignID: "c1")?.payoutTotal.description == "0.3")
            #expect(try await Self.send(store, "campaign_id=c1&click_id=c1k3&status=approved").result == .statusUpdated)
            #expect(try await store.stats(campaignID: "c1")?.payoutTotal == Money("5.3"))

            #expect(try await Self.send(store, "campaign_id=tx&click_id=txk1&txid=A").result == .accepted)
            #expect(try await Self.send(store, "campaign_id=tx&click_id=txk1&txid=A").result == .duplicate)
            #expect(try await Self.send(store, "campaign_id=tx&click_id=txk1&txid=B").result == .accepted)
            for _ in 0..<3 { #expect(try await Self.send(store, "campaign_id=all&click_id=allk1").result == .accepted) }
            #expect(try await store.stats(campaignID: "tx")?.conversions == 2)
            let all = try #require(try await store.stats(campaignID: "all"))
            #expect(all.conversions == 3 && all.duplicates == 0 && all.payoutTotal == Money("3.60"))
            #expect(try await store.allStats().map(\.campaignID) == ["all", "c1", "tx"])
        }
    }

    @Test(arguments: StoreKind.available)
    func rejectionsAreLoggedAndCountedForAnExistingCampaignOnly(kind: StoreKind) async throws {
        try await kind.withStore { store in
            try await Self.prepare(store, [Self.campaign("c1", token: "s3cret")])
            #expect(try await Self.send(store, "campaign_id=c1&click_id=nope&token=s3cret").reason == .unknownClick)
            #expect(try await Self.send(store, "campaign_id=c1&clickid=c1k1").reason == .missingParameter)
            #expect(try await Self.send(store, "campaign_id=c1&click_id=c1k1&token=s3cres").reason == .invalidToken)
            #expect(try await Self.send(store, "campaign_id=ghost&click_id=c1k1").reason == .unknownCampaign)
            // Answered before the rule chain (a wrong method): logged, and counted for c1.
            try await store.recordRejection(
                Verdict(
                    result: .rejected, reason: .malformedRequest, message: "method DELETE is not allowed",
                    httpStatus: 405),
                request: PostbackRequest(
                    method: "DELETE", target: "/postback/advertiser?campaign_id=c1&click_id=c1k2", receivedAt: Self.now)
            )
            let stats = try #require(try await store.stats(campaignID: "c1"))
            #expect(
                stats.rejected == [
                    "unknown_click": 1, "missing_parameter": 1, "invalid_token": 1, "malformed_request": 1,
                ])
            #expect(try await store.stats(campaignID: "ghost") == nil)
            let log = try await store.postbacks(PostbackLogFilter(result: .rejected))
            #expect(log.map(\.httpStatus) == [405, 404, 403, 400, 404])
            #expect(log[0].method == "DELETE" && log[0].campaignID == "c1" && log[0].clickID == "c1k2")
            #expect(try await store.postbacks(PostbackLogFilter(reason: .unknownClick)).count == 1)
            #expect(try await store.postbacks(PostbackLogFilter(limit: 2)).count == 2)
            #expect(try await store.postbacks(PostbackLogFilter(limit: 0)).isEmpty)
        }
    }

    @Test(arguments: StoreKind.available)
    func campaignsAndClicksRoundTrip(kind: StoreKind) async throws {
        try await kind.withStore { store in
            var campaign = Self.campaign("rt", dedup: .clickTxid, token: "t0k")
            campaign.events = ["install": Money("0.5") ?? .zero, "purchase": Money("2") ?? .zero]
            campaign.conversionWindowDays = 7
            try await store.putCampaign(campaign)
            #expect(try await store.campaign(id: "rt") == campaign)
            campaign.status = .paused
            try await store.putCampaign(campaign)
            #expect(try await store.campaigns() == [campaign])
            try await store.addClicks([Click(id: "x1", campaignID: "rt", createdAt: Self.now)])
            #expect(try await store.click(id: "x1") == Click(id: "x1", campaignID: "rt", createdAt: Self.now))
            let again = try await #require(throws: StoreError.self) {
                try await store.addClicks([
                    Click(id: "x2", campaignID: "rt", createdAt: Self.now),
                    Click(id: "x1", campaignID: "rt", createdAt: Self.now),
                ])
            }
            #expect(again.isDuplicateClick)
            #expect(try await store.click(id: "x2") == nil, "a batch with a duplicate records none")
            let unknown = try await #require(throws: StoreError.self) {
                try await store.addClicks([Click(id: "y", campaignID: "ghost", createdAt: Self.now)])
            }
            #expect(unknown.isUnknownCampaign)
            #expect(try await store.stats(campaignID: "rt")?.clicks == 1)
        }
    }

    /// Identical postbacks and status updates racing through two handles on one store (two
    /// receivers): one conversion per key, and counters equal to what was answered.
    @Test(arguments: StoreKind.available)
    func deletingACampaignRemovesItsClicksConversionsCountersAndLog(kind: StoreKind) async throws {
        try await kind.withStore { store in
            try await Self.prepare(store, [Self.campaign("gone"), Self.campaign("kept")])
            for campaign in ["gone", "kept"] {
                #expect(
                    try await Self.send(store, "campaign_id=\(campaign)&click_id=\(campaign)k1").result == .accepted)
                #expect(try await Self.send(store, "campaign_id=\(campaign)&click_id=nope").reason == .unknownClick)
            }
            #expect(try await store.deleteCampaign(id: "gone"))
            #expect(try await store.campaign(id: "gone") == nil)
            #expect(try await store.stats(campaignID: "gone") == nil)
            #expect(try await store.click(id: "gonek1") == nil)
            #expect(try await store.postbacks(PostbackLogFilter(campaignID: "gone")).isEmpty)
            #expect(try await store.campaigns().map(\.id) == ["kept"])
            #expect(try await store.allStats().map(\.campaignID) == ["kept"])
            #expect(try await store.deleteCampaign(id: "gone") == false, "a second delete finds nothing")

            // The other campaign keeps everything.
            let kept = try #require(try await store.stats(campaignID: "kept"))
            #expect(
                kept.clicks == 5 && kept.conversions == 1
                    && kept.rejected.filter { $0.value != 0 } == ["unknown_click": 1])
            #expect(try await store.postbacks(PostbackLogFilter(campaignID: "kept")).count == 2)

            // The id starts afresh: no counters, click ids and conversions left behind.
            try await Self.prepare(store, [Self.campaign("gone")])
            let fresh = try #require(try await store.stats(campaignID: "gone"))
            #expect(fresh.clicks == 5 && fresh.conversions == 0 && fresh.rejected.values.allSatisfy { $0 == 0 })
            #expect(try await Self.send(store, "campaign_id=gone&click_id=gonek1").result == .accepted)
        }
    }

    @Test(.timeLimit(.minutes(1)), arguments: StoreKind.shareable)
    func racesThroughTwoHandlesStayExact(kind: StoreKind) async throws {
        try await kind.withTwoHandles { first, second in
            try await Self.prepare(first, [Self.campaign("race")])
            let statuses = ["", "&status=pending", "&status=approved", "&status=declined"]
            let verdicts = try await withThrowingTaskGroup(of: Verdict.self) { group in
                for index in 0..<80 {
                    let store = index % 2 == 0 ? first : second
                    let query = "campaign_id=race&click_id=racek\(index % 2 + 1)" + statuses[(index / 2) % 4]
                    group.addTask { try await Self.send(store, query) }
                }
                var verdicts: [Verdict] = []
                for try await verdict in group { verdicts.append(verdict) }
                return verdicts
            }
            #expect(verdicts.filter { $0.result == .accepted }.count == 2)
            let stats = try #require(try await first.stats(campaignID: "race"))
            #expect(stats.conversions == 2)
            #expect(stats.duplicates == verdicts.filter { $0.result == .duplicate }.count)
            #expect(stats.statusUpdates == verdicts.filter { $0.result == .statusUpdated }.count)
            #expect(stats.duplicates + stats.statusUpdates == 78)
            let counted =
                stats.conversionsByStatus.approved + stats.conversionsByStatus.pending
                + stats.conversionsByStatus.declined
            #expect(counted == 2)
            #expect(
                stats.payoutTotal == Money(value: Decimal(stats.conversionsByStatus.approved) * Decimal(string: "1.2")!)
            )
            #expect(try await second.stats(campaignID: "race") == stats)
            #expect(try await first.postbacks(PostbackLogFilter(campaignID: "race", limit: 1000)).count == 80)
        }
    }

    /// Values that look like SQL are data: they reach the store only as bound parameters.
    @Test(arguments: StoreKind.available)
    func theLogKeepsTheBodyWithNULAndBadBytesReplaced(kind: StoreKind) async throws {
        try await kind.withStore { store in
            try await Self.prepare(store, [Self.campaign("c1")])
            let form = Array("campaign_id=c1&click_id=c1k1&note=".utf8) + [0x00, 0xFF] + Array("x".utf8)
            let verdict = try await store.process(
                PostbackRequest(
                    method: "POST", target: "/postback/advertiser",
                    contentType: "application/x-www-form-urlencoded", body: form, source: "127.0.0.1",
                    receivedAt: Self.now),
                now: Self.now)
            // The NUL makes the form unreadable (rule 1); the line is logged with its body whatever.
            #expect(verdict.result == .rejected)
            _ = try await Self.send(store, "campaign_id=c1&click_id=c1k2")
            let log = try await store.postbacks(PostbackLogFilter(campaignID: "c1", limit: 10))
            #expect(log.count == 2)
            #expect(log[1].body == "campaign_id=c1&click_id=c1k1&note=\u{FFFD}\u{FFFD}x")
            #expect(log[0].body == nil)
        }
    }

    @Test(arguments: StoreKind.available)
    func sqlShapedValuesAreOnlyData(kind: StoreKind) async throws {
        try await kind.withStore { store in
            try await Self.prepare(store, [Self.campaign("c1")])
            let hostile = [
                "x'); DROP TABLE clicks; --", "' OR '1'='1", "\\'; DELETE FROM conversions; --", "$1", "?",
                "'||(SELECT pg_sleep(5))||'", "c1k1' --",
            ]
            for value in hostile {
                let encoded = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
                let verdict = try await Self.send(store, "campaign_id=c1&click_id=\(encoded)")
                #expect(verdict.reason == .unknownClick, "\(value): \(verdict)")
            }
            let clicked = try await store.postbacks(
                PostbackLogFilter(campaignID: "c1", reason: .unknownClick, limit: 100))
            #expect(Set(clicked.compactMap(\.clickID)) == Set(hostile))
            #expect(try await store.stats(campaignID: "c1")?.clicks == 5)
            #expect(try await Self.send(store, "campaign_id=c1&click_id=c1k1").result == .accepted)
            #expect(try await store.campaign(id: "c1' OR '1'='1") == nil)
        }
    }

    @Test(TestPostgres.available)
    func postgresMigratesOnceAndKeepsDataAcrossOpens() async throws {
        let url = try TestPostgres.freshURL()
        try await PostgresPostbackStore.withStore(url: url) { store in
            try await Self.prepare(store, [Self.campaign("keep")])
            #expect(try await Self.send(store, "campaign_id=keep&click_id=keepk1").result == .accepted)
        }
        // Two receivers starting at once migrate once (advisory lock), and see the same data.
        try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<2 {
                group.addTask {
                    try await PostgresPostbackStore.withStore(url: url) { store in
                        #expect(try await store.stats(campaignID: "keep")?.conversions == 1)
                        return try await store.appliedMigrations()
                    }
                }
            }
            for try await applied in group { #expect(applied == ["v1", "v2", "v3", "v4", "v5"]) }
        }
    }

    @Test func badPostgresURLsAreNamed() throws {
        for (url, fragment) in [
            ("mysql://u@h/db", "not a PostgreSQL URL"), ("postgres://h/db", "no user name"),
            ("postgres://u@h", "names no database"), ("postgres://u@h/db?sslmode=maybe", "sslmode 'maybe'"),
            ("postgres://u@h/db?schema=Bad-Name", "schema 'Bad-Name'"),
            ("postgres://u@h/db?x=1", "unknown parameter 'x'"),
        ] {
            let error = try #require(throws: StoreError.self) { try PostgresStoreURL(url) }
            #expect(error.message.contains(fragment), "\(url): \(error.message)")
        }
        let parsed = try PostgresStoreURL("postgres://me:pa%40ss@127.0.0.1:6543/db?schema=s1")
        #expect(
            parsed.password == "pa@ss" && parsed.port == 6543 && parsed.schema == "s1" && parsed.tlsMode == .disable)
        #expect(!parsed.description.contains("pa@ss") && parsed.description.contains("***"))
        #expect(try PostgresStoreURL("postgres://me@db.example/db").tlsMode == .require)
    }

    @Test(.timeLimit(.minutes(1)))
    func anUnreachableServerIsAClearError() async throws {
        let error = try await #require(throws: StoreError.self) {
            try await PostgresPostbackStore.withStore(url: "postgres://me:secret@127.0.0.1:1/db") { _ in }
        }
        #expect(error.message.contains("cannot connect to the PostgreSQL store postgres://me:***@127.0.0.1:1/db"))
        #expect(!error.message.contains("secret"))
    }
}
