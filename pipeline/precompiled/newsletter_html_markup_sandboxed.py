"""newsletter.html.j2, compiled by Jinja 3.1.6 (python -m pipeline.precompiled)."""
# ruff: noqa
SOURCE_SHA256 = '9186f3a3209d5c493dded2df65ad3a26b31bf5baa7ad7d9241af07ef2b77ad93'
JINJA_VERSION = '3.1.6'
SANDBOX = 'binops=%,*,**'
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
    l_0_corrections = resolve('corrections')
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
        t_2 = environment.filters['correction_text']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'correction_text' found.")
    try:
        t_3 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_4 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    try:
        t_5 = environment.filters['unbroken']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'unbroken' found.")
    try:
        t_6 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_6(*unused):
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
        yield escape(t_4(context.eval_ctx, environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'language'), '-', '_'))
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
    if t_6((undefined(name='intro') if l_0_intro is missing else l_0_intro)):
        pass
        l_0_intro = ('Here is this issue’s running scene from the movies.' if (t_3((undefined(name='scenes') if l_0_scenes is missing else l_0_scenes)) == 1) else 'Here are this issue’s running scenes from the movies.')
        context.vars['intro'] = l_0_intro
        context.exported_vars.add('intro')
    def t_7(fiter):
        for l_1_line in fiter:
            if l_1_line:
                yield l_1_line
    for l_1_line in t_7(environment.call(context, environment.getattr((undefined(name='intro') if l_0_intro is missing else l_0_intro), 'split'), '\n')):
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
        yield escape(environment.call(context, (undefined(name='credits') if l_1_credits is missing else l_1_credits), l_1_scene, _loop_vars=_loop_vars))
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
            yield escape(t_5(l_2_line))
            yield '</p>\n'
        l_2_line = missing
        yield '<p class="more"><a href="'
        yield escape(environment.getattr(l_1_scene, 'url'))
        yield '">Read more about '
        yield escape(environment.getattr(l_1_scene, 'heading'))
        yield '</a></p>\n'
    l_1_scene = l_1_credits = missing
    if (undefined(name='corrections') if l_0_corrections is missing else l_0_corrections):
        pass
        yield '<h2 class="corrections">Corrections</h2>\n'
        for l_1_item in (undefined(name='corrections') if l_0_corrections is missing else l_0_corrections):
            _loop_vars = {}
            pass
            yield '<p class="correction"><a href="'
            yield escape(environment.getattr(l_1_item, 'url'))
            yield '">'
            yield escape(environment.getattr(l_1_item, 'position'))
            yield '. '
            yield escape(environment.getattr(l_1_item, 'heading'))
            yield '</a> (issue '
            yield escape(environment.getattr(l_1_item, 'issue'))
            yield '). <strong>'
            yield escape(environment.getattr(l_1_item, 'label'))
            yield ':</strong> '
            yield escape(t_2(environment.getattr(l_1_item, 'record')))
            yield '</p>\n'
        l_1_item = missing
    yield '<p class="signoff">'
    l_1_loop = missing
    for l_1_line, l_1_loop in LoopContext(environment.call(context, environment.getattr((undefined(name='sign_off') if l_0_sign_off is missing else l_0_sign_off), 'split'), '\n'), undefined):
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
        for l_1_line, l_1_loop in LoopContext(environment.call(context, environment.getattr((undefined(name='postal_address') if l_0_postal_address is missing else l_0_postal_address), 'split'), '\n'), undefined):
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
debug_info = '17=65&23=67&24=69&25=72&26=74&27=77&28=79&31=82&32=84&33=86&34=88&39=91&43=98&44=101&47=105&52=111&53=114&57=117&58=119&59=122&62=125&63=129&64=131&66=134&67=142&69=145&70=150&71=156&72=158&73=161&75=163&76=167&78=171&80=176&82=179&83=183&86=198&88=207&89=211&90=213&91=216&93=220&94=223&97=225&98=229&101=239'
