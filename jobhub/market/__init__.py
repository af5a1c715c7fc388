"""Labour-market intelligence for the bureau: 薪酬价位, 求人倍率 and early warning of
large-scale unemployment (issue 18). ``core`` is pure; ``queries`` and ``services`` read the
database; ``views`` and ``api`` are thin."""
