"""How big the bench agency is at a given BENCH_SCALE (no Django import: the orchestrator
names its databases after the size before any settings exist)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sizes:
    clients: int
    contacts_each: int  # average; each client gets 20..80 around it
    referrals: int
    services: int
    staff: int
    teams: int

    @classmethod
    def at(cls, scale: float) -> Sizes:
        return cls(
            clients=max(int(100_000 * scale), 200),
            contacts_each=50,
            referrals=max(int(200_000 * scale), 400),
            services=max(int(10_000 * scale), 100),
            staff=max(int(500 * scale), 12),
            teams=max(int(40 * scale), 1),
        )
