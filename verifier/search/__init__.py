"""Search for extremal examples (issue 7): floats propose, exact arithmetic decides."""
