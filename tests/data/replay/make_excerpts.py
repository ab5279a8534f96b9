#!/usr/bin/env python3
"""Writes the replay test excerpts from the shared sample data (see README.md).

Usage: python3 make_excerpts.py [SHARED_DATA_DIR]   (default: ../../../../shared/data)
Deterministic: gzip members carry no name and mtime 0, so reruns give identical bytes.
"""
import gzip
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "../../../../shared/data")
LOBSTER = os.path.join(SHARED, "lobster-2012-06-21")
TARDIS = os.path.join(SHARED, "binance-spot-2024-08-08/tardis")
AMZN = "AMZN_2012-06-21_34200000_57600000_"
# Binance excerpt: every row received before 2024-08-08T23:54:29Z (the first ~15 s recorded).
LOCAL_CUT_US = 1723161269000000


def read_lines(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", newline="") as f:
        return f.read().splitlines(keepends=True)


def write(name, lines, compress):
    data = "".join(lines).encode()
    path = os.path.join(HERE, name)
    with open(path, "wb") as f:
        f.write(gzip.compress(data, compresslevel=9, mtime=0) if compress else data)
    print(f"{name}: {len(lines)} lines, {len(data)} bytes uncompressed, "
          f"{os.path.getsize(path)} bytes stored")


def lobster(kind, levels, rows, compress):
    source = os.path.join(LOBSTER, f"{AMZN}{kind}_{levels}.csv")
    if not os.path.exists(source):
        source += ".gz"
    name = f"{AMZN}{kind}_{levels}.csv" + (".gz" if compress else "")
    write(name, read_lines(source)[:rows], compress)


def tardis(name):
    lines = read_lines(os.path.join(TARDIS, name))
    kept = [lines[0]] + [l for l in lines[1:] if int(l.split(",")[3]) < LOCAL_CUT_US]
    write(name, kept, True)
    return kept


def book_snapshot_5(incremental):
    """A tardis-style book_snapshot_5 derived from the incremental excerpt: one row per update
    group (rows sharing timestamp and local_timestamp) after which the top 5 levels changed."""
    header = "exchange,symbol,timestamp,local_timestamp," + ",".join(
        f"asks[{k}].price,asks[{k}].amount,bids[{k}].price,bids[{k}].amount" for k in range(5))
    bids, asks = {}, {}
    out = [header + "\n"]
    last_top = None
    rows = [l.rstrip("\n").split(",") for l in incremental[1:]]
    snapshot_key = None
    for i, r in enumerate(rows):
        key = (r[2], r[3])
        if r[4] == "true" and key != snapshot_key:
            bids.clear()
            asks.clear()
        snapshot_key = key if r[4] == "true" else None
        book = bids if r[5] == "bid" else asks
        price = r[6]
        if float(r[7]) == 0:
            book.pop(price, None)
        else:
            book[price] = r[7]
        if i + 1 < len(rows) and (rows[i + 1][2], rows[i + 1][3]) == key:
            continue
        top_asks = sorted(asks.items(), key=lambda kv: float(kv[0]))[:5]
        top_bids = sorted(bids.items(), key=lambda kv: -float(kv[0]))[:5]
        top = (top_asks, top_bids)
        if top == last_top:
            continue
        last_top = top
        fields = [r[0], r[1], r[2], r[3]]
        for k in range(5):
            a = top_asks[k] if k < len(top_asks) else ("", "")
            b = top_bids[k] if k < len(top_bids) else ("", "")
            fields += [a[0], a[1], b[0], b[1]]
        out.append(",".join(fields) + "\n")
    write("BTCUSDT_book_snapshot_5.csv.gz", out, True)


lobster("message", 1, 2000, False)
lobster("orderbook", 1, 2000, False)
lobster("message", 5, 5000, True)
lobster("orderbook", 5, 5000, True)
book = tardis("BTCUSDT_incremental_book_L2.csv.gz")
tardis("BTCUSDT_trades.csv.gz")
book_snapshot_5(book)
