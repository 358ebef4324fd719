-- wrk script of the receiver benchmark: valid postbacks spread over many distinct click ids.
-- usage: wrk -t2 -c64 -d10s -s postbacks.lua URL -- CLICK-IDS-FILE CAMPAIGN-ID [RUN-TAG]
-- Each request converts the next click id of the file (round robin, each thread starting
-- elsewhere) with a txid of its own, so that under `dedup: click_txid` every postback is a new
-- conversion. Without a file it falls back to path-only requests (for nginx the ids do not matter).

local thread_number = 0
local threads = {}

function setup(thread)
    thread:set("number", thread_number)
    thread_number = thread_number + 1
    table.insert(threads, thread)
end

function init(args)
    ids = {}
    local file = args[1] and io.open(args[1], "r")
    if file then
        for line in file:lines() do
            if #line > 0 then ids[#ids + 1] = line end
        end
        file:close()
    end
    campaign = args[2] or "bench"
    tag = args[3] or "r"
    counter = 0
    position = (number or 0) * 7919
end

function request()
    counter = counter + 1
    local click = "c" .. counter
    if #ids > 0 then
        position = position + 1
        click = ids[(position % #ids) + 1]
    end
    return wrk.format("GET", "/postback/advertiser?campaign_id=" .. campaign .. "&click_id=" .. click
        .. "&txid=" .. tag .. "-" .. (number or 0) .. "-" .. counter)
end

function done(summary, latency, requests)
    io.write(string.format("wrk-result requests=%d seconds=%.3f rps=%.0f p50_ms=%.3f p99_ms=%.3f errors=%d non2xx=%d\n",
        summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
        latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
        summary.errors.status))
end
