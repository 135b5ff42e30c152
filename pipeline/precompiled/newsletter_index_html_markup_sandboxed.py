"""newsletter-index.html.j2, compiled by Jinja 3.1.6 (python -m pipeline.precompiled)."""
# ruff: noqa
SOURCE_SHA256 = '1c2d8c5c3c282e2c0dfd2773241cb1e786161fdcb328d7d1ba3806ee8754b81e'
JINJA_VERSION = '3.1.6'
SANDBOX = 'binops=%,*,**'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'newsletter-index.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_language = resolve('language')
    l_0_name = resolve('name')
    l_0_article_title = resolve('article_title')
    l_0_absolute = resolve('absolute')
    l_0_index_url = resolve('index_url')
    l_0_feed_url = resolve('feed_url')
    l_0_top_bar = resolve('top_bar')
    l_0_subscribe_url = resolve('subscribe_url')
    l_0_publisher = resolve('publisher')
    l_0_article_url = resolve('article_url')
    l_0_entries = resolve('entries')
    l_0_postal_address = resolve('postal_address')
    l_0_description = missing
    try:
        t_1 = environment.filters['format']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'format' found.")
    try:
        t_2 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    pass
    yield '<!DOCTYPE html>\n<html lang="'
    yield escape((undefined(name='language') if l_0_language is missing else l_0_language))
    yield '" dir="ltr">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="color-scheme" content="light dark">\n<title>'
    yield escape((undefined(name='name') if l_0_name is missing else l_0_name))
    yield ': every issue</title>\n'
    l_0_description = markup_join(('Every issue of the ', (undefined(name='name') if l_0_name is missing else l_0_name), ' newsletter, newest first: running scenes from the movies, from the list “', (undefined(name='article_title') if l_0_article_title is missing else l_0_article_title), '”.', ))
    context.vars['description'] = l_0_description
    context.exported_vars.add('description')
    yield '<meta name="description" content="'
    yield escape((undefined(name='description') if l_0_description is missing else l_0_description))
    yield '">\n'
    if (undefined(name='absolute') if l_0_absolute is missing else l_0_absolute):
        pass
        yield '<link rel="canonical" href="'
        yield escape((undefined(name='index_url') if l_0_index_url is missing else l_0_index_url))
        yield '">\n<meta property="og:url" content="'
        yield escape((undefined(name='index_url') if l_0_index_url is missing else l_0_index_url))
        yield '">\n'
    yield '<meta property="og:type" content="website">\n<meta property="og:title" content="'
    yield escape((undefined(name='name') if l_0_name is missing else l_0_name))
    yield ': every issue">\n<meta property="og:description" content="'
    yield escape((undefined(name='description') if l_0_description is missing else l_0_description))
    yield '">\n<meta property="og:site_name" content="'
    yield escape((undefined(name='name') if l_0_name is missing else l_0_name))
    yield '">\n<meta property="og:locale" content="'
    yield escape(t_2(context.eval_ctx, (undefined(name='language') if l_0_language is missing else l_0_language), '-', '_'))
    yield '">\n<meta name="twitter:card" content="summary">\n<link rel="alternate" type="application/atom+xml" title="'
    yield escape((undefined(name='name') if l_0_name is missing else l_0_name))
    yield '" href="'
    yield escape((undefined(name='feed_url') if l_0_feed_url is missing else l_0_feed_url))
    yield '">\n<style>\n'
    template = environment.get_template('newsletter.css', 'newsletter-index.html.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {'description': l_0_description}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '</style>\n</head>\n<body>\n<div class="page">\n'
    yield escape(environment.call(context, (undefined(name='top_bar') if l_0_top_bar is missing else l_0_top_bar), (undefined(name='subscribe_url') if l_0_subscribe_url is missing else l_0_subscribe_url), every_issue=False, feed=(undefined(name='feed_url') if l_0_feed_url is missing else l_0_feed_url)))
    yield '\n<main class="letter">\n<div class="masthead">\n<p class="masthead__brand">'
    yield escape(((undefined(name='publisher') if l_0_publisher is missing else l_0_publisher) or (undefined(name='name') if l_0_name is missing else l_0_name)))
    yield '</p>\n'
    if ((undefined(name='publisher') if l_0_publisher is missing else l_0_publisher) and ((undefined(name='name') if l_0_name is missing else l_0_name) != (undefined(name='publisher') if l_0_publisher is missing else l_0_publisher))):
        pass
        yield '<p class="masthead__name">'
        yield escape((undefined(name='name') if l_0_name is missing else l_0_name))
        yield '</p>\n'
    yield '</div>\n<h1>Every issue</h1>\n<p class="lede">Each issue brings running scenes from the movies, from the list <a href="'
    yield escape((undefined(name='article_url') if l_0_article_url is missing else l_0_article_url))
    yield '">'
    yield escape((undefined(name='article_title') if l_0_article_title is missing else l_0_article_title))
    yield '</a>.'
    if (undefined(name='subscribe_url') if l_0_subscribe_url is missing else l_0_subscribe_url):
        pass
        yield ' <a href="'
        yield escape((undefined(name='subscribe_url') if l_0_subscribe_url is missing else l_0_subscribe_url))
        yield '">Subscribe</a> to get them by email.'
    yield '</p>\n'
    t_3 = 1
    for l_1_entry in (undefined(name='entries') if l_0_entries is missing else l_0_entries):
        _loop_vars = {}
        pass
        yield '<div class="issue">\n<h2><a href="'
        yield escape(environment.getattr(l_1_entry, 'page'))
        yield '">'
        yield escape(environment.getattr(l_1_entry, 'subject'))
        yield '</a></h2>\n<p class="when">Issue '
        yield escape(environment.getattr(l_1_entry, 'number'))
        yield ' · <time datetime="'
        yield escape(environment.call(context, environment.getattr(environment.getattr(l_1_entry, 'date'), 'isoformat'), _loop_vars=_loop_vars))
        yield '">'
        yield escape(environment.call(context, environment.getattr(environment.getattr(l_1_entry, 'date'), 'strftime'), '%A', _loop_vars=_loop_vars))
        yield ' '
        yield escape(environment.getattr(environment.getattr(l_1_entry, 'date'), 'day'))
        yield ' '
        yield escape(environment.call(context, environment.getattr(environment.getattr(l_1_entry, 'date'), 'strftime'), '%B', _loop_vars=_loop_vars))
        yield ' '
        yield escape(t_1('%04d', environment.getattr(environment.getattr(l_1_entry, 'date'), 'year')))
        yield '</time></p>\n<p>In this issue: '
        yield escape(environment.getattr(l_1_entry, 'headings'))
        yield '.</p>\n</div>\n'
        t_3 = 0
    l_1_entry = missing
    if t_3:
        pass
        yield '<p>No issue has been published yet.</p>\n'
    if (undefined(name='postal_address') if l_0_postal_address is missing else l_0_postal_address):
        pass
        yield '<div class="footer">\n<p class="address">'
        l_1_loop = missing
        for l_1_line, l_1_loop in LoopContext(environment.call(context, environment.getattr((undefined(name='postal_address') if l_0_postal_address is missing else l_0_postal_address), 'split'), '\n'), undefined):
            _loop_vars = {}
            pass
            yield escape(l_1_line)
            if (not environment.getattr(l_1_loop, 'last')):
                pass
                yield '<br>'
        l_1_loop = l_1_line = missing
        yield '</p>\n</div>\n'
    yield '</main>\n</div>\n</body>\n</html>\n'

blocks = {}
debug_info = '6=37&11=39&12=41&13=45&14=47&15=50&16=52&19=55&20=57&21=59&22=61&24=63&26=67&31=74&34=76&35=78&36=81&40=84&41=95&43=99&44=103&45=115&50=122&52=126'
