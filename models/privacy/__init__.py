"""Privacy libraries: `scrub` (free-text PII scrubber) and `crypto` (field encryption).

Import the submodules directly; nothing is re-exported here so that code needing only `crypto` does not
import spaCy and Presidio.
"""
