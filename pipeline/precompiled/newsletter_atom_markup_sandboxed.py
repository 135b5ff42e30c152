"""newsletter.atom.j2, compiled by Jinja 3.1.6 (python -m pipeline.precompiled)."""
# ruff: noqa
SOURCE_SHA256 = '2f166fd4137a6e7f8ec53e72d8e11951c3f124890a7c84238783c6bbf012ef6f'
JINJA_VERSION = '3.1.6'
SANDBOX = 'binops=%,*,**'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'newsletter.atom.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_language = resolve('language')
    l_0_feed_id = resolve('feed_id')
    l_0_name = resolve('name')
    l_0_updated = resolve('updated')
    l_0_publisher = resolve('publisher')
    l_0_absolute = resolve('absolute')
    l_0_feed_url = resolve('feed_url')
    l_0_index_url = resolve('index_url')
    l_0_entries = resolve('entries')
    pass
    yield '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="'
    yield escape((undefined(name='language') if l_0_language is missing else l_0_language))
    yield '">\n  <id>'
    yield escape((undefined(name='feed_id') if l_0_feed_id is missing else l_0_feed_id))
    yield '</id>\n  <title>'
    yield escape((undefined(name='name') if l_0_name is missing else l_0_name))
    yield '</title>\n  <subtitle>Every issue of the newsletter</subtitle>\n  <updated>'
    yield escape(environment.call(context, environment.getattr((undefined(name='updated') if l_0_updated is missing else l_0_updated), 'isoformat')))
    yield '</updated>\n  <author><name>'
    yield escape(((undefined(name='publisher') if l_0_publisher is missing else l_0_publisher) or (undefined(name='name') if l_0_name is missing else l_0_name)))
    yield '</name></author>\n'
    if (undefined(name='absolute') if l_0_absolute is missing else l_0_absolute):
        pass
        yield '  <link rel="self" type="application/atom+xml" href="'
        yield escape((undefined(name='feed_url') if l_0_feed_url is missing else l_0_feed_url))
        yield '"/>\n'
    yield '  <link rel="alternate" type="text/html" href="'
    yield escape((undefined(name='index_url') if l_0_index_url is missing else l_0_index_url))
    yield '"/>\n'
    for l_1_entry in (undefined(name='entries') if l_0_entries is missing else l_0_entries):
        _loop_vars = {}
        pass
        yield '  <entry>\n    <id>'
        yield escape(environment.getattr(l_1_entry, 'id'))
        yield '</id>\n    <title>'
        yield escape(environment.getattr(l_1_entry, 'subject'))
        yield '</title>\n    <link rel="alternate" type="text/html" href="'
        yield escape(environment.getattr(l_1_entry, 'url'))
        yield '"/>\n    <published>'
        yield escape(environment.call(context, environment.getattr(environment.getattr(l_1_entry, 'date'), 'isoformat'), _loop_vars=_loop_vars))
        yield '</published>\n    <updated>'
        yield escape(environment.call(context, environment.getattr(environment.getattr(l_1_entry, 'date'), 'isoformat'), _loop_vars=_loop_vars))
        yield '</updated>\n    <summary>In this issue: '
        yield escape(environment.getattr(l_1_entry, 'headings'))
        yield '.</summary>\n  </entry>\n'
    l_1_entry = missing
    yield '</feed>\n'

blocks = {}
debug_info = '3=21&4=23&5=25&7=27&8=29&9=31&10=34&12=37&13=39&15=43&16=45&17=47&18=49&19=51&20=53'
