"""`StoryRow` wraps a headline where Textual would: the rows look as Textual's own wrapping would draw them."""

from __future__ import annotations

import pytest
from textual.content import Content

from ktui.widgets.story_row import line_breaks

HEADLINES = [
    "Assembly passes rural clinic bill after a night of talks",
    "Supercalifragilisticexpialidocious-length-compound-word meets a short line",
    "서울 지하철 2호선 조용한 칸 시범 운행 quiet cars on Line 2",
    "Won slides to seven-month low   as exporters wait",
    "K-pop group NOVA9 announces 30-city world tour — starting in Seoul",
]


@pytest.mark.parametrize("text", HEADLINES)
@pytest.mark.parametrize("width", [8, 13, 21, 34, 55])
def test_rows_break_where_textual_breaks(text: str, width: int) -> None:
    starts = [0, *line_breaks(text, width)]
    ours = [text[start:end].rstrip() for start, end in zip(starts, [*starts[1:], len(text)], strict=True)]
    textual = [line.plain.rstrip() for line in Content(text).wrap(width)]
    assert ours == textual
