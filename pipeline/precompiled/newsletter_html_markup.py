"""newsletter.html.j2, compiled by Jinja 3.1.6 (python -m pipeline.precompiled)."""
# ruff: noqa
SOURCE_SHA256 = '4ac6971481c63a97c9bae8caedd2b47a5623d3a6cde7c893cb4f8d0a0f4a1db1'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'newsletter.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_collection = resolve('collection')
    l_0_subject = resolve('subject')
    l_0_web = resolve('web')
    l_0_preheader = resolve('preheader')
    l_0_web_url = resolve('web_url')
    l_0_name = resolve('name')
    l_0_preview_filler = resolve('preview_filler')
    l_0_publisher = resolve('publisher')
    l_0_issue = resolve('issue')
    l_0_intro = resolve('intro')
    l_0_scenes = resolve('scenes')
    l_0_sign_off = resolve('sign_off')
    l_0_article_url = resolve('article_url')
    l_0_unsubscribe = resolve('unsubscribe')
    l_0_subscribe_url = resolve('subscribe_url')
    l_0_postal_address = resolve('postal_address')
    try:
        t_1 = environment.filters['blurb']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'blurb' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    try:
        t_4 = environment.filters['unbroken']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'unbroken' found.")
    try:
        t_5 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    yield '<!DOCTYPE html>\n<html lang="'
    yield escape(environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'language'))
    yield '" dir="ltr">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="color-scheme" content="light dark">\n<meta name="supported-color-schemes" content="light dark">\n<title>'
    yield escape((undefined(name='subject') if l_0_subject is missing else l_0_subject))
    yield '</title>\n'
    if (undefined(name='web') if l_0_web is missing else l_0_web):
        pass
        yield '<meta name="description" content="'
        yield escape((undefined(name='preheader') if l_0_preheader is missing else l_0_preheader))
        yield '">\n'
        if (undefined(name='web_url') if l_0_web_url is missing else l_0_web_url):
            pass
            yield '<link rel="canonical" href="'
            yield escape((undefined(name='web_url') if l_0_web_url is missing else l_0_web_url))
            yield '">\n<meta property="og:url" content="'
            yield escape((undefined(name='web_url') if l_0_web_url is missing else l_0_web_url))
            yield '">\n'
        yield '<meta property="og:type" content="article">\n<meta property="og:title" content="'
        yield escape((undefined(name='subject') if l_0_subject is missing else l_0_subject))
        yield '">\n<meta property="og:description" content="'
        yield escape((undefined(name='preheader') if l_0_preheader is missing else l_0_preheader))
        yield '">\n<meta property="og:site_name" content="'
        yield escape((undefined(name='name') if l_0_name is missing else l_0_name))
        yield '">\n<meta property="og:locale" content="'
        yield escape(t_3(context.eval_ctx, environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'language'), '-', '_'))
        yield '">\n<meta name="twitter:card" content="summary">\n<!--scenes:archive-head-->\n'
    yield '<style>\n'
    template = environment.get_template('newsletter.css', 'newsletter.html.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {'intro': l_0_intro}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '</style>\n</head>\n<body>\n'
    if (not (undefined(name='web') if l_0_web is missing else l_0_web)):
        pass
        yield '<div class="preheader" style="display: none; max-height: 0; max-width: 0; overflow: hidden; opacity: 0; font-size: 1px; line-height: 1px; mso-hide: all;">'
        yield escape((undefined(name='preheader') if l_0_preheader is missing else l_0_preheader))
        yield escape((undefined(name='preview_filler') if l_0_preview_filler is missing else l_0_preview_filler))
        yield '</div>\n'
    yield '<div class="page">\n'
    if (undefined(name='web') if l_0_web is missing else l_0_web):
        pass
        yield '<!--scenes:archive-top-->\n<main class="letter">\n'
    else:
        pass
        yield '<div class="letter">\n'
        if (undefined(name='web_url') if l_0_web_url is missing else l_0_web_url):
            pass
            yield '<p class="top"><a href="'
            yield escape((undefined(name='web_url') if l_0_web_url is missing else l_0_web_url))
            yield '">Read this issue on the web</a></p>\n'
    yield '<div class="masthead">\n<p class="masthead__brand">'
    yield escape(((undefined(name='publisher') if l_0_publisher is missing else l_0_publisher) or (undefined(name='name') if l_0_name is missing else l_0_name)))
    yield '</p>\n'
    if ((undefined(name='publisher') if l_0_publisher is missing else l_0_publisher) and ((undefined(name='name') if l_0_name is missing else l_0_name) != (undefined(name='publisher') if l_0_publisher is missing else l_0_publisher))):
        pass
        yield '<p class="masthead__name">'
        yield escape((undefined(name='name') if l_0_name is missing else l_0_name))
        yield '</p>\n'
    yield '</div>\n<h1>Issue '
    yield escape(environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'number'))
    yield ', '
    yield escape(environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'period'))
    yield '</h1>\n'
    if t_5((undefined(name='intro') if l_0_intro is missing else l_0_intro)):
        pass
        l_0_intro = ('Here is this issue’s running scene from the movies.' if (t_2((undefined(name='scenes') if l_0_scenes is missing else l_0_scenes)) == 1) else 'Here are this issue’s running scenes from the movies.')
        context.vars['intro'] = l_0_intro
        context.exported_vars.add('intro')
    def t_6(fiter):
        for l_1_line in fiter:
            if l_1_line:
                yield l_1_line
    for l_1_line in t_6(context.call(environment.getattr((undefined(name='intro') if l_0_intro is missing else l_0_intro), 'split'), '\n')):
        _loop_vars = {}
        pass
        yield '<p>'
        yield escape(l_1_line)
        yield '</p>\n'
    l_1_line = missing
    for l_1_scene in (undefined(name='scenes') if l_0_scenes is missing else l_0_scenes):
        l_1_credits = resolve('credits')
        _loop_vars = {}
        pass
        yield '<h2><a class="heading" href="'
        yield escape(environment.getattr(l_1_scene, 'url'))
        yield '">'
        yield escape(environment.getattr(l_1_scene, 'position'))
        yield '. '
        yield escape(environment.getattr(l_1_scene, 'heading'))
        yield '</a></h2>\n<p class="credits">'
        yield escape(context.call((undefined(name='credits') if l_1_credits is missing else l_1_credits), l_1_scene, _loop_vars=_loop_vars))
        yield '.</p>\n'
        if environment.getattr(l_1_scene, 'blurb'):
            pass
            yield '<p>'
            yield escape(t_1(environment.getattr(l_1_scene, 'record')))
            yield '</p>\n'
        for l_2_line in environment.getattr(l_1_scene, 'numbers'):
            _loop_vars = {}
            pass
            yield '<p class="numbers">'
            yield escape(t_4(l_2_line))
            yield '</p>\n'
        l_2_line = missing
        yield '<p class="more"><a href="'
        yield escape(environment.getattr(l_1_scene, 'url'))
        yield '">Read more about '
        yield escape(environment.getattr(l_1_scene, 'heading'))
        yield '</a></p>\n'
    l_1_scene = l_1_credits = missing
    yield '<p class="signoff">'
    l_1_loop = missing
    for l_1_line, l_1_loop in LoopContext(context.call(environment.getattr((undefined(name='sign_off') if l_0_sign_off is missing else l_0_sign_off), 'split'), '\n'), undefined):
        _loop_vars = {}
        pass
        yield escape(l_1_line)
        if (not environment.getattr(l_1_loop, 'last')):
            pass
            yield '<br>'
    l_1_loop = l_1_line = missing
    yield '</p>\n<div class="footer">\n<p>The whole list: <a href="'
    yield escape((undefined(name='article_url') if l_0_article_url is missing else l_0_article_url))
    yield '">'
    yield escape(environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'title'))
    yield '</a></p>\n'
    if (not (undefined(name='web') if l_0_web is missing else l_0_web)):
        pass
        if (undefined(name='unsubscribe') if l_0_unsubscribe is missing else l_0_unsubscribe):
            pass
            yield '<p>You get this letter because you subscribed to '
            yield escape((undefined(name='name') if l_0_name is missing else l_0_name))
            yield '. <a href="'
            yield escape((undefined(name='unsubscribe') if l_0_unsubscribe is missing else l_0_unsubscribe))
            yield '">Unsubscribe</a>.</p>\n'
        if (undefined(name='subscribe_url') if l_0_subscribe_url is missing else l_0_subscribe_url):
            pass
            yield '<p>Forwarded to you? <a href="'
            yield escape((undefined(name='subscribe_url') if l_0_subscribe_url is missing else l_0_subscribe_url))
            yield '">Subscribe</a>.</p>\n'
    if (undefined(name='postal_address') if l_0_postal_address is missing else l_0_postal_address):
        pass
        yield '<p class="address">'
        l_1_loop = missing
        for l_1_line, l_1_loop in LoopContext(context.call(environment.getattr((undefined(name='postal_address') if l_0_postal_address is missing else l_0_postal_address), 'split'), '\n'), undefined):
            _loop_vars = {}
            pass
            yield escape(l_1_line)
            if (not environment.getattr(l_1_loop, 'last')):
                pass
                yield '<br>'
        l_1_loop = l_1_line = missing
        yield '</p>\n'
    yield '</div>\n'
    if (undefined(name='web') if l_0_web is missing else l_0_web):
        pass
        yield '</main>\n<!--scenes:archive-nav-->\n'
    else:
        pass
        yield '</div>\n'
    yield '</div>\n</body>\n</html>\n'

blocks = {}
debug_info = '16=58&22=60&23=62&24=65&25=67&26=70&27=72&30=75&31=77&32=79&33=81&38=84&42=91&43=94&46=98&51=104&52=107&56=110&57=112&58=115&61=118&62=122&63=124&65=127&66=135&68=138&69=143&70=149&71=151&72=154&74=156&75=160&77=164&79=171&81=180&82=184&83=186&84=189&86=193&87=196&90=198&91=202&94=212'
