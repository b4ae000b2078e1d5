"""The peer aligners of the benchmark return what the benchmark scores: a monotone cover.

Each peer runs on a tiny en-fr pair only when it is installed here (skipped otherwise); the
gap-filling helper that turns a peer's partial output into a cover is checked everywhere.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scripts_loader import load_script

peers = load_script("peers_alignment")

EN = [
    "The president arrived in Hanoi on Monday morning.",
    "He met the prime minister for two hours.",
    "They signed three agreements on trade and energy.",
    "Rice exports rose by 12 percent last year.",
]
FR = [
    "Le président est arrivé à Hanoï lundi matin.",
    "Il a rencontré le Premier ministre pendant deux heures.",
    "Ils ont signé trois accords sur le commerce et l'énergie.",
    "Les exportations de riz ont augmenté de 12 % l'an dernier.",
    "Photo : agence de presse.",
]


def assert_cover(ladder: list, n_src: int, n_tgt: int) -> None:
    """Every sentence of each side exactly once, in order, and no empty bead."""
    assert all(src or tgt for src, tgt in ladder)
    assert [i for src, _ in ladder for i in src] == list(range(n_src))
    assert [j for _, tgt in ladder for j in tgt] == list(range(n_tgt))


@pytest.mark.parametrize(
    "peer",
    [
        pytest.param(p, marks=pytest.mark.slow) if p.name == "bertalign-e5" else p
        for p in peers.PEERS
    ],
    ids=lambda p: p.name,
)
def test_peer_returns_a_monotone_cover(peer) -> None:
    why = peer.missing() or peer.unsupported("en", "fr")
    if why:
        pytest.skip(f"{peer.name}: {why}")
    ladder = peer.align(EN, FR, "en", "fr")
    assert_cover(ladder, len(EN), len(FR))
    # four plain translations: a real aligner pairs at least most of them one to one
    assert sum(1 for s, t in ladder if (len(s), len(t)) == (1, 1) and s[0] == t[0]) >= 3
    assert_cover(peer.align(EN, [], "en", "fr"), len(EN), 0)


@given(
    st.lists(
        st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(1, 3), st.integers(1, 3)),
        max_size=8,
    ),
    st.integers(0, 3),
    st.integers(0, 3),
)
def test_complete_cover_fills_the_gaps_a_peer_leaves(steps, tail_src, tail_tgt) -> None:
    beads, i, j = [], 0, 0
    for skip_src, skip_tgt, n, m in steps:
        i, j = i + skip_src, j + skip_tgt
        beads.append((tuple(range(i, i + n)), tuple(range(j, j + m))))
        i, j = i + n, j + m
    ladder = peers.complete_cover(beads, i + tail_src, j + tail_tgt)
    assert_cover(ladder, i + tail_src, j + tail_tgt)
    assert [b for b in ladder if b[0] and b[1]] == beads


@pytest.mark.parametrize(
    "beads",
    [[((1,), (0,)), ((0,), (1,))], [((0,), (0,)), ((0,), (1,))], [((0, 2), (0,))], [((5,), (0,))]],
)
def test_complete_cover_rejects_a_broken_alignment(beads) -> None:
    with pytest.raises(ValueError):
        peers.complete_cover(beads, 3, 2)


def test_select_peers() -> None:
    assert peers.select_peers("none") == []
    assert [p.name for p in peers.select_peers("auto")] == [p.name for p in peers.PEERS]
    assert [p.name for p in peers.select_peers("bleualign")] == ["bleualign"]
    with pytest.raises(ValueError, match="unknown peer"):
        peers.select_peers("hunalign")
