#!/usr/bin/env python3
"""Regenerates scenarios/score_example/{snapshots,orders}.csv.

Snapshot mids are real: the Binance ETHUSDT best bid/ask (tardis.dev-style quotes file of the
2024-08-08 recording described in scenarios/score_example/README.md) at one seeded random instant
inside each minute of the campaign. The miners and their orders are invented to show each rule:
spread weighting, a ladder, an order beyond max_spread, a miner who is sometimes away, a one-sided
miner, a slot without a snapshot and a snapshot without asks (whose pool ends up unallocated).

usage: make_score_example.py PATH/TO/ETHUSDT_quotes.csv.gz OUT_DIR
"""
import bisect
import csv
import gzip
import random
import sys
from datetime import datetime, timezone

EPOCH_START = datetime(2024, 8, 8, 23, 55, tzinfo=timezone.utc)
SLOTS = 10
MISSING_SLOT = 5          # no snapshot row: its pool rolls into slot 6
NO_ASKS_SLOT = 9          # nobody quotes asks: the ask pool is unallocated at epoch end


def iso(ns):
    seconds, nanos = divmod(ns, 1_000_000_000)
    text = datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    return f"{text}.{nanos // 1_000_000:03d}Z"


def main(quotes_path, out_dir):
    times, mids = [], []
    with gzip.open(quotes_path, "rt") as stream:
        for row in csv.DictReader(stream):
            times.append(int(row["local_timestamp"]) * 1000)
            mids.append((float(row["ask_price"]) + float(row["bid_price"])) / 2)
    rng = random.Random(20240808)
    start_ns = int(EPOCH_START.timestamp()) * 1_000_000_000
    snapshots = []
    for slot in range(SLOTS):
        instant = start_ns + slot * 60_000_000_000 + rng.randrange(60_000) * 1_000_000
        if slot == MISSING_SLOT:
            continue
        mid = mids[bisect.bisect_right(times, instant) - 1]
        snapshots.append((slot, instant, round(mid, 3)))

    # (miner, side, spread as a fraction of mid, amount in ETH), quoted at every snapshot unless
    # the miner is away.
    quotes = [
        ("tight_tom", "bid", 0.0005, 2.0), ("tight_tom", "ask", 0.0005, 2.0),
        ("wide_wendy", "bid", 0.008, 10.0), ("wide_wendy", "ask", 0.008, 10.0),
        ("ladder_lee", "bid", 0.001, 1.0), ("ladder_lee", "bid", 0.003, 1.0),
        ("ladder_lee", "bid", 0.006, 1.0), ("ladder_lee", "ask", 0.001, 1.0),
        ("ladder_lee", "ask", 0.003, 1.0), ("ladder_lee", "ask", 0.006, 1.0),
        ("flaky_fred", "bid", 0.002, 3.0), ("flaky_fred", "ask", 0.002, 3.0),
        ("outside_olga", "bid", 0.015, 50.0), ("outside_olga", "ask", 0.015, 50.0),
        ("bid_only_bob", "bid", 0.001, 5.0),
    ]
    fred_away = {2, 3, 7}

    with open(f"{out_dir}/snapshots.csv", "w", newline="") as out:
        out.write("timestamp,market,mid_price\n")
        for _, instant, mid in snapshots:
            out.write(f"{iso(instant)},ETH-USDT,{mid}\n")
    with open(f"{out_dir}/orders.csv", "w", newline="") as out:
        out.write("timestamp,market,miner,side,price,amount\n")
        for slot, instant, mid in snapshots:
            for miner, side, spread, amount in quotes:
                if miner == "flaky_fred" and slot in fred_away:
                    continue
                if slot == NO_ASKS_SLOT and side == "ask":
                    continue
                price = mid * (1 - spread) if side == "bid" else mid * (1 + spread)
                out.write(f"{iso(instant)},ETH-USDT,{miner},{side},{price:.2f},{amount}\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
