"""Question files in and out: GIFT, Moodle XML, Aiken and CSV.

``base`` is the contract; ``formats`` lists the formats; ``checking`` checks
parsed questions against their types; ``saving`` writes them to the bank in
one transaction; ``from_bank`` turns bank questions back into the contract's
objects for export; ``richtext`` converts between file HTML and Wagtail rich
text (with embedded files as Wagtail images and documents).
"""
