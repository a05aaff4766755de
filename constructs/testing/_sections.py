"""Match every entry of a template section against a pattern and explain what did not match."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from stagewright.testing._match import Matcher, MatchResult
from stagewright.testing._paths import count, plural, show

__all__ = ["Entries", "SectionMatch", "match_section"]

_PATTERN_CHARS = 400
_MAX_LISTED = 5


@attrs.frozen
class Entries:
    """Some entries of a section, and how a message names them (``resource``, ``of type ...``)."""

    noun: str
    qualifier: str
    entries: Mapping[str, Any]
    hint: str = ""
    """Said when there are no entries, e.g. which resource types the template does have."""

    def heading(self) -> str:
        """``Template has 2 resources of type 'AWS::ApiGateway::Stage'``."""
        number = len(self.entries)
        if not number:
            return f"Template has no {plural(self.noun)}{self.qualifier}{self.hint}"
        return f"Template has {count(number, self.noun)}{self.qualifier}"


@attrs.frozen
class SectionMatch:
    """The result of matching each entry of ``entries``, by logical ID (in sorted order)."""

    entries: Entries
    pattern: Any
    results: dict[str, MatchResult]

    @property
    def matches(self) -> dict[str, Any]:
        """The entries that matched, by logical ID."""
        return {k: self.entries.entries[k] for k, r in self.results.items() if r.ok}

    def none_matches(self) -> str:
        """Explain why no entry matched: what was looked for, the closest entry and its diff."""
        lines = [self._looking()]
        failures = [(r.score, k) for k, r in self.results.items()]
        if failures:
            score, closest = min(failures)
            lines.append(f"The closest is {closest!r} ({count(score, 'mismatch')}):")
            lines.append(self.results[closest].describe())
        return "\n".join(lines)

    def not_all_match(self) -> str:
        """Explain which entries did not match, each with its diff (the first few)."""
        failed = [k for k, r in self.results.items() if not r.ok]
        lines = [self._looking(f"{len(failed)} of them do not match")]
        for key in failed[:_MAX_LISTED]:
            result = self.results[key]
            lines.append(f"{key!r} ({count(result.score, 'mismatch')}):")
            lines.append(result.describe())
        if len(failed) > _MAX_LISTED:
            lines.append(f"... and {len(failed) - _MAX_LISTED} more")
        return "\n".join(lines)

    def _looking(self, outcome: str = "none matches") -> str:
        heading = self.entries.heading()
        if self.entries.entries:
            heading += f", but {outcome}"
        return f"{heading}.\nLooked for: {show(self.pattern, _PATTERN_CHARS)}"


def match_section(entries: Entries, matcher: Matcher, pattern: Any) -> SectionMatch:
    """Test each entry with ``matcher`` and record the captures of those that match.

    ``pattern`` is what the user wrote, shown in messages.
    """
    results = {key: matcher.test(entries.entries[key]) for key in sorted(entries.entries)}
    for result in results.values():
        result.commit()
    return SectionMatch(entries, pattern, results)
