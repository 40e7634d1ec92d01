"""From coded facts to claims: the coding, its second coder, and the claims counted.

``codings`` turns a coding (``facts.csv`` or ``coding_b``) into units and
``agreement`` measures how far two codings agree (Krippendorff's alpha);
``lists`` reads complete lists (eligibility, known zeros); ``claims`` derives
one claim per counted occasion; ``claim_sums`` sums claims over a period;
``denominate`` divides by population or area, or per year; ``voices`` says
whose documents a claim rests on.
"""
