import csv
import json
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

from complaints.index import complaint_index
from complaints.models import PeriodType, ZoneRule
from complaints.months import month_parse, range_bounds
from complaints.publications import rule_of
from complaints.selectors import INDEX_COLUMNS, period_counts
from institutions.models import Institution, Kind


class Command(BaseCommand):
    help = "Print the complaint index table of one month."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--kind", default=Kind.BANK, choices=Kind.values)
        parser.add_argument("--period", default=PeriodType.MONTH, choices=PeriodType.values)
        parser.add_argument("--rule", help="Name of a zone rule (default: the default rule).")
        parser.add_argument("--format", default="table", choices=["table", "csv", "json"])

    def handle(self, *args, **options) -> None:
        month = month_parse(options["month"])
        if month is None:
            raise CommandError(
                "--month must be YYYY-MM, from {first} to {last}".format(**range_bounds())
            )
        rules = ZoneRule.objects.all()
        zone_rule = (
            rules.filter(name=options["rule"]).first()
            if options["rule"]
            else rules.filter(is_default=True).first()
        )
        if zone_rule is None:
            raise CommandError("No such zone rule.")
        counts = period_counts(month=month, kind=options["kind"], period_type=options["period"])
        table = complaint_index(counts.values(), rule_of(zone_rule))
        names = dict(Institution.objects.values_list("pk", "code"))
        titles = {i.pk: i.name for i in Institution.objects.filter(pk__in=names)}
        rows = [
            {
                "month": f"{month:%Y-%m}",
                "institution_code": names[row.institution],
                "institution": titles[row.institution],
                **row.figures(),
            }
            for row in table.rows
        ]
        if table.missing_clients:
            missing = ", ".join(sorted(names[i] for i in table.missing_clients))
            self.stderr.write(f"Incomplete: no client count for {missing}.")
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        elif options["format"] == "csv":
            writer = csv.DictWriter(sys.stdout, fieldnames=INDEX_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        else:
            for row in rows:
                self.stdout.write(
                    f"{row['institution_code']:<20} {row['complaints']:>7} "
                    f"{row['complaint_share']:>8.2%} {row['clients']:>10} "
                    f"{row['client_share']:>8.2%} {row['index']:>7.2f} "
                    f"({row['index_low']:.2f}-{row['index_high']:.2f})  {row['zone']:<6} "
                    f"{row['funnel']}"
                )
            counts_by_zone = table.zone_counts()
            self.stdout.write(
                f"{len(rows)} listed: {counts_by_zone['red']} red, "
                f"{counts_by_zone['yellow']} yellow, {counts_by_zone['green']} green; "
                f"{len(table.not_listed)} without complaints not listed."
            )
