"""Finding or creating the rows a page's records point at: districts, streets,
communities and organisations (PageTargets), and people (PagePeople).

Each reads what already exists for the whole page at once and creates what is missing
in bulk through the importer (`stories.loader._PageImport.create_many`), so that every
new row is journaled. Districts and streets come from the gazetteer where it knows
their codes.
"""

from people.models import Organization, OrganizationAlias, Person, PersonAlias
from places.gazetteer import get_gazetteer
from places.models import Community, District, Street

from .models import Appearance


class PageTargets:
    """Districts, streets, communities and organisations a page needs, read at once and
    created (from the gazetteer where it knows them) when missing."""

    def __init__(self, page, record):
        self.page = page
        gazetteer = get_gazetteer()
        stories = record.stories
        street_codes = {m.code for s in stories for m in s.streets if m.code} | {
            m.street_code for s in stories for m in s.communities if m.street_code
        }
        street_entries = {code: gazetteer.street(code) for code in street_codes}
        district_codes = (
            {m.code for s in stories for m in s.districts if m.code}
            | {m.district_code for s in stories for m in s.communities if m.district_code}
            | {m.district_code for s in stories for m in s.organizations if m.district_code}
            | {e.district_code for e in street_entries.values() if e}
            | ({record.meta.home_district_code} - {""})
        )
        self.districts = self._districts(gazetteer, district_codes)
        self.streets = self._streets(street_entries)
        self.communities = self._communities(stories)
        self.organizations = self._organizations(stories)

    def _districts(self, gazetteer, codes):
        found = {d.code: d for d in District.objects.filter(code__in=codes)}
        entries = [gazetteer.district(code) for code in sorted(codes - found.keys())]
        new = [
            District(
                code=e.code,
                name=e.name,
                kind=e.kind,
                city=e.city,
                province=e.province,
                former_names=list(e.former_names),
                is_current=e.is_current,
            )
            for e in entries
            if e is not None
        ]
        self.page.create_many(new)
        return found | {d.code: d for d in new}

    def _streets(self, entries):
        found = {s.code: s for s in Street.objects.filter(code__in=entries)}
        new = [
            Street(
                code=e.code,
                name=e.name,
                kind=e.kind,
                district=self.districts[e.district_code],
                former_names=list(e.former_names),
                is_current=e.is_current,
            )
            for code, e in sorted(entries.items())
            if code not in found and e is not None and e.district_code in self.districts
        ]
        self.page.create_many(new)
        return found | {s.code: s for s in new}

    def _communities(self, stories):
        mentions = {self._community_key(m): m for s in stories for m in s.communities}
        codes = {m.code for m in mentions.values() if m.code}
        names = {m.name for m in mentions.values()}
        found = {}
        merged = Community.objects.select_related("merged_into")
        for community in merged.filter(code__in=codes):
            found[community.code] = community
        for community in merged.filter(name__in=names):
            found.setdefault(
                (community.name, community.street_id, community.district_id), community
            )
        new = {}
        for key, mention in mentions.items():
            if key in found or (mention.code and mention.code in found):
                continue
            street = self.streets.get(mention.street_code)
            district = street.district if street else self.districts.get(mention.district_code)
            new[key] = Community(
                code=mention.code,
                name=mention.name,
                kind=mention.kind,
                street=street,
                district=district,
            )
        self.page.create_many(list(new.values()))
        return found | new

    def _community_key(self, mention):
        street = self.streets.get(mention.street_code)
        district = street.district if street else self.districts.get(mention.district_code)
        return (mention.name, street and street.pk, district and district.pk)

    def community(self, mention):
        if mention.code and mention.code in self.communities:
            return _surviving(self.communities[mention.code])
        return _surviving(self.communities[self._community_key(mention)])

    def named_community(self, name):
        if not name:
            return None
        return _surviving(next((c for c in self.communities.values() if c.name == name), None))

    def _organizations(self, stories):
        """An organisation is found by its name or an alias (an editor's, or a short form
        an earlier page gave); a new one gets the short forms this page gave it."""
        mentions, short_forms = {}, {}
        for story in stories:
            for mention in story.organizations:
                key = (mention.name, self.districts.get(mention.district_code))
                mentions.setdefault(key, mention)
                short_forms.setdefault(key, {}).update(dict.fromkeys(mention.aliases))
        names = {name for name, _ in mentions}
        found = {
            (o.name, o.district_id): o
            for o in Organization.objects.filter(name__in=names).select_related("merged_into")
        }
        aliases = OrganizationAlias.objects.filter(
            name__in=names - {name for name, _ in found}
        ).select_related("organization__merged_into")
        for alias in aliases:
            found.setdefault((alias.name, alias.organization.district_id), alias.organization)
        new, new_aliases = {}, []
        for (name, district), mention in mentions.items():
            key = (name, district and district.pk)
            if key not in found:
                new[key] = Organization(name=name, kind=mention.kind, district=district)
                new_aliases += [(new[key], short) for short in short_forms[name, district]]
        self.page.create_many(list(new.values()))
        self.page.create_many(
            [OrganizationAlias(organization=org, name=short) for org, short in new_aliases]
        )
        return found | new

    def organization(self, mention):
        district = self.districts.get(mention.district_code)
        return _surviving(self.organizations[mention.name, district and district.pk])

    def named_organization(self, name):
        if not name:
            return None
        return _surviving(next((o for (n, _), o in self.organizations.items() if n == name), None))

    def home_district(self, code):
        """The page's home district, by the code the pipeline found in the page's city."""
        return self.districts.get(code) if code else None


class PagePeople:
    """Resolves every person mention of a page to a Person, creating the new ones in bulk.

    The same person is one Person when name and community (or organisation) agree; a
    mention in a story that already links a person of that name or alias is that person;
    a merged Person redirects to the one it was merged into.
    """

    def __init__(self, page, stories, places):
        self.page, self.places = page, places
        names = {m.name for s in page.record.stories for m in s.people}
        # story pk → [(name the page printed, Person)] already linked to it. The printed
        # name finds an appearance an editor re-pointed to another person (issue 7).
        self.appearing = {}
        appearances = (
            Appearance.objects.filter(story__in=stories.values())
            .select_related("person")
            .prefetch_related("person__aliases")
        )
        for appearance in appearances:
            pair = (appearance.mention, appearance.person)
            self.appearing.setdefault(appearance.story_id, []).append(pair)
        known = Person.objects.filter(name__in=names).select_related("merged_into")
        self.known = list(known.prefetch_related("aliases"))
        self.resolved = {}  # (story pk, name) → Person
        new = []
        for record in page.record.stories:
            story = stories[record.position]
            for mention in record.people:
                community = places.named_community(mention.community)
                organization = places.named_organization(mention.organization)
                person = self._find(story, mention, community, organization)
                if person is None:
                    person = self._new(mention, community, organization)
                    new.append(person)
                    self.known.append(person)
                    self.appearing.setdefault(story.pk, []).append((mention.name, person))
                self.resolved[story.pk, mention.name] = person
        page.create_many(new)
        page.create_many(
            [PersonAlias(person=person, name=name) for person in new for name in person.alias_names]
        )

    def resolve(self, story, mention):
        return self.resolved[story.pk, mention.name]

    def _find(self, story, mention, community, organization):
        appearing = self.appearing.get(story.pk, [])
        for printed, person in appearing:
            if printed == mention.name:
                return _surviving(person)
        for _, person in appearing:
            if person.name == mention.name or mention.name in person.alias_names:
                return _surviving(person)
        if community is None and organization is None:
            return None  # a bare name elsewhere stays a separate person until merged
        for person in self.known:
            same_place = (
                person.community_id == community.pk
                if community
                else person.community_id is None and person.organization_id == organization.pk
            )
            if person.name == mention.name and same_place:
                return _surviving(person)
        return None

    def _new(self, mention, community, organization):
        role = self.page.role(mention.role_category)
        person = Person(
            name=mention.name,
            community=community,
            organization=organization,
            is_name_public=not (role and role.is_private),
        )
        person.alias_names = list(dict.fromkeys(mention.aliases))  # written after the person
        return person


def _surviving(row):
    """The record a merged-away person, organisation or community now lives on (None for
    None): the importer maps a merged-away name to the survivor (issue 7)."""
    seen = set()
    while row is not None and row.merged_into_id is not None and row.pk not in seen:
        seen.add(row.pk)
        row = row.merged_into
    return row
