#!/usr/bin/env python
"""Django's manage.py, kept for habit; the console command ``ectalent`` does the same."""

from ectalent.__main__ import main

if __name__ == "__main__":
    main()
