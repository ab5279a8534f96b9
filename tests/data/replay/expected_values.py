#!/usr/bin/env python3
"""Computes, independently of lmsim's C++ code, the values the replay tests assert on the
excerpts in this folder. Plain Python, exact integer arithmetic (prices in ticks, amounts in
lots parsed from their decimal text). Usage: python3 expected_values.py"""
import gzip
import os
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
AMZN = "AMZN_2012-06-21_34200000_57600000_"
MIDNIGHT_UTC_NS = 1340251200 * 10**9  # 2012-06-21 00:00 EDT


def lines(name):
    path = os.path.join(HERE, name)
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt") as f:
        return f.read().splitlines()


def ticks(text, tick=Decimal("0.01")):
    q = Decimal(text) / tick
    assert q == q.to_integral_value(), text
    return int(q)


def lobster(levels, message_name, book_name):
    msgs = [l.split(",") for l in lines(message_name)]
    rows = [[int(x) for x in l.split(",")] for l in lines(book_name)]
    assert len(msgs) == len(rows)

    def state(row):
        asks, bids = {}, {}
        for k in range(levels):
            ap, asz, bp, bsz = row[4 * k:4 * k + 4]
            if ap != 9999999999:
                asks[ap // 100] = asz
            if bp != -9999999999:
                bids[bp // 100] = bsz
        return bids, asks

    events = 1  # kClear
    trades = buys = sub_tick = 0
    prev = ({}, {})
    for m, row in zip(msgs, rows):
        if m[1] == "5" and int(m[4]) % 100 != 0:
            sub_tick += 1  # a hidden execution between ticks: left out by default
        elif m[1] in ("4", "5"):
            trades += 1
            buys += m[5] == "-1"
        cur = state(row)
        for side in range(2):
            before, after = prev[side], cur[side]
            events += sum(1 for p in before if p not in after)
            events += sum(1 for p, q in after.items() if before.get(p) != q)
        prev = cur
    events += trades

    def top(row):
        return row[2] // 100, row[0] // 100  # best bid, best ask in ticks

    sec, frac = msgs[0][0].split(".")
    first_ns = MIDNIGHT_UTC_NS + int(sec) * 10**9 + int(frac.ljust(9, "0"))
    sec, frac = msgs[-1][0].split(".")
    last_ns = MIDNIGHT_UTC_NS + int(sec) * 10**9 + int(frac.ljust(9, "0"))
    print(f"LOBSTER AMZN level {levels}: rows {len(msgs)}, trades {trades} "
          f"(buyer-initiated {buys}), hidden executions between ticks {sub_tick}, "
          f"events {events}")
    print(f"  first time {first_ns} ns, last time {last_ns} ns")
    for label, row in (("first", rows[0]), ("last", rows[-1])):
        bid, ask = top(row)
        print(f"  {label} book row: best bid {bid} best ask {ask} ticks; "
              f"mid×2 {bid + ask} ticks, spread {ask - bid} ticks")


def tardis_book(clock_column):
    rows = [l.split(",") for l in lines("BTCUSDT_incremental_book_L2.csv.gz")[1:]]
    bids, asks = {}, {}
    states = []
    snapshot_key = None
    clears = 0
    crossed = 0
    for i, r in enumerate(rows):
        if r[4] == "true" and (r[2], r[3]) != snapshot_key:
            bids.clear()
            asks.clear()
            clears += 1
        snapshot_key = (r[2], r[3]) if r[4] == "true" else None
        book = bids if r[5] == "bid" else asks
        amount = Decimal(r[7])
        if amount == 0:
            book.pop(ticks(r[6]), None)
        else:
            book[ticks(r[6])] = amount
        if i + 1 < len(rows) and rows[i + 1][clock_column] == r[clock_column]:
            continue
        bid, ask = max(bids), min(asks)
        crossed += bid >= ask
        states.append((bid, ask, len(bids), len(asks)))
    name = "exchange" if clock_column == 2 else "local"
    print(f"tardis BTCUSDT incremental_book_L2 ({name} clock): rows {len(rows)}, "
          f"events {len(rows) + clears}, groups {len(states)}, crossed groups {crossed}")
    for label, (bid, ask, nb, na) in (("first", states[0]), ("last", states[-1])):
        print(f"  after the {label} group: best bid {bid} best ask {ask} ticks; mid×2 "
              f"{bid + ask}, spread {ask - bid}; levels {nb} bids {na} asks")
    return rows


def tardis_trades(book_rows):
    rows = [l.split(",") for l in lines("BTCUSDT_trades.csv.gz")[1:]]
    lots = sum(int(Decimal(r[7]) / Decimal("1e-8")) for r in rows)
    buys = sum(1 for r in rows if r[5] == "buy")
    print(f"tardis BTCUSDT trades: rows {len(rows)}, buy {buys}, sell {len(rows) - buys}, "
          f"amount {lots} lots of 1e-8")
    print(f"  first {rows[0][2]} us price {ticks(rows[0][6])}, last {rows[-1][2]} us "
          f"price {ticks(rows[-1][6])}")
    book_times = {r[2] for r in book_rows}
    ties = sum(1 for r in rows if r[2] in book_times)
    book_local = {r[3] for r in book_rows}
    ties_local = sum(1 for r in rows if r[3] in book_local)
    print(f"  trades at a book timestamp: {ties} (exchange clock), {ties_local} (local clock)")


def snapshot_5():
    rows = [l.split(",") for l in lines("BTCUSDT_book_snapshot_5.csv.gz")[1:]]

    def state(r):
        asks, bids = {}, {}
        for k in range(5):
            ap, aa, bp, ba = r[4 + 4 * k:8 + 4 * k]
            if ap:
                asks[ticks(ap)] = Decimal(aa)
            if bp:
                bids[ticks(bp)] = Decimal(ba)
        return bids, asks

    events = 1
    prev = ({}, {})
    for r in rows:
        cur = state(r)
        for side in range(2):
            events += sum(1 for p in prev[side] if p not in cur[side])
            events += sum(1 for p, q in cur[side].items() if prev[side].get(p) != q)
        prev = cur
    print(f"tardis-style BTCUSDT book_snapshot_5: rows {len(rows)}, events {events}")
    for label, r in (("first", rows[0]), ("last", rows[-1])):
        bid, ask = ticks(r[6]), ticks(r[4])
        print(f"  {label} row: best bid {bid} best ask {ask}; mid×2 {bid + ask}, "
              f"spread {ask - bid}")


lobster(1, AMZN + "message_1.csv", AMZN + "orderbook_1.csv")
lobster(5, AMZN + "message_5.csv.gz", AMZN + "orderbook_5.csv.gz")
book_rows = tardis_book(2)
tardis_book(3)
tardis_trades(book_rows)
snapshot_5()
