"""The kernel: the independent certificate checker. Standard library only; it imports nothing from
the rest of ``verifier``. Entry points: ``check.check(cert)``, ``check.check_file(path)``,
``check.run(paths)`` and ``python -m verifier.kernel PATH...``."""
