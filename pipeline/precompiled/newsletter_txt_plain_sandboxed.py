"""newsletter.txt.j2, compiled by Jinja 3.1.6 (python -m pipeline.precompiled)."""
# ruff: noqa
SOURCE_SHA256 = 'd444e32cbcdd30b58353d01020f7149a5329ecf4db426102c8ef28354dd84585'
JINJA_VERSION = '3.1.6'
SANDBOX = 'binops=%,*,**'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'newsletter.txt.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_publisher = resolve('publisher')
    l_0_name = resolve('name')
    l_0_width = resolve('width')
    l_0_issue = resolve('issue')
    l_0_web_url = resolve('web_url')
    l_0_intro = resolve('intro')
    l_0_scenes = resolve('scenes')
    l_0_corrections = resolve('corrections')
    l_0_sign_off = resolve('sign_off')
    l_0_article_url = resolve('article_url')
    l_0_unsubscribe = resolve('unsubscribe')
    l_0_subscribe_url = resolve('subscribe_url')
    l_0_postal_address = resolve('postal_address')
    try:
        t_1 = environment.filters['credits']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'credits' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['underline']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'underline' found.")
    try:
        t_4 = environment.filters['upper']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'upper' found.")
    try:
        t_5 = environment.filters['wrap']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'wrap' found.")
    try:
        t_6 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    yield str(t_5(t_4(((undefined(name='publisher') if l_0_publisher is missing else l_0_publisher) or (undefined(name='name') if l_0_name is missing else l_0_name))), (undefined(name='width') if l_0_width is missing else l_0_width)))
    yield '\n'
    if ((undefined(name='publisher') if l_0_publisher is missing else l_0_publisher) and ((undefined(name='name') if l_0_name is missing else l_0_name) != (undefined(name='publisher') if l_0_publisher is missing else l_0_publisher))):
        pass
        yield str(t_5((undefined(name='name') if l_0_name is missing else l_0_name), (undefined(name='width') if l_0_width is missing else l_0_width)))
        yield '\n'
    yield str(t_5(str_join(('Issue ', environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'number'), ', ', environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'period'), )), (undefined(name='width') if l_0_width is missing else l_0_width)))
    yield '\n'
    if (undefined(name='web_url') if l_0_web_url is missing else l_0_web_url):
        pass
        yield str(t_5(str_join(('Read this issue on the web: ', (undefined(name='web_url') if l_0_web_url is missing else l_0_web_url), )), (undefined(name='width') if l_0_width is missing else l_0_width)))
        yield '\n'
    yield '\n'
    if t_6((undefined(name='intro') if l_0_intro is missing else l_0_intro)):
        pass
        l_0_intro = ('Here is this issue’s running scene from the movies.' if (t_2((undefined(name='scenes') if l_0_scenes is missing else l_0_scenes)) == 1) else 'Here are this issue’s running scenes from the movies.')
        context.vars['intro'] = l_0_intro
        context.exported_vars.add('intro')
    for l_1_line in environment.call(context, environment.getattr((undefined(name='intro') if l_0_intro is missing else l_0_intro), 'split'), '\n'):
        _loop_vars = {}
        pass
        yield str(t_5(l_1_line, (undefined(name='width') if l_0_width is missing else l_0_width)))
        yield '\n'
    l_1_line = missing
    for l_1_scene in (undefined(name='scenes') if l_0_scenes is missing else l_0_scenes):
        l_1_heading = missing
        _loop_vars = {}
        pass
        yield '\n\n'
        l_1_heading = str_join((environment.getattr(l_1_scene, 'position'), '. ', environment.getattr(l_1_scene, 'heading'), ))
        _loop_vars['heading'] = l_1_heading
        yield str(t_5((undefined(name='heading') if l_1_heading is missing else l_1_heading), (undefined(name='width') if l_0_width is missing else l_0_width)))
        yield '\n'
        yield str(t_3((undefined(name='heading') if l_1_heading is missing else l_1_heading)))
        yield '\n'
        yield str(t_5(str_join((t_1(l_1_scene), '.', )), (undefined(name='width') if l_0_width is missing else l_0_width)))
        yield '\n'
        if environment.getattr(l_1_scene, 'blurb'):
            pass
            yield '\n'
            yield str(t_5(environment.getattr(l_1_scene, 'blurb'), (undefined(name='width') if l_0_width is missing else l_0_width)))
            yield '\n'
        for l_2_line in environment.getattr(l_1_scene, 'numbers'):
            _loop_vars = {}
            pass
            yield '\n'
            yield str(t_5(l_2_line, (undefined(name='width') if l_0_width is missing else l_0_width)))
            yield '\n'
        l_2_line = missing
        yield '\n'
        yield str(t_5(str_join(('Read more: ', environment.getattr(l_1_scene, 'url'), )), (undefined(name='width') if l_0_width is missing else l_0_width)))
        yield '\n'
    l_1_scene = l_1_heading = missing
    if (undefined(name='corrections') if l_0_corrections is missing else l_0_corrections):
        pass
        yield '\n\nCorrections\n-----------\n'
        for l_1_item in (undefined(name='corrections') if l_0_corrections is missing else l_0_corrections):
            _loop_vars = {}
            pass
            yield '\n'
            yield str(t_5(str_join((environment.getattr(l_1_item, 'position'), '. ', environment.getattr(l_1_item, 'heading'), ' (issue ', environment.getattr(l_1_item, 'issue'), '). ', environment.getattr(l_1_item, 'line'), )), (undefined(name='width') if l_0_width is missing else l_0_width)))
            yield '\n'
            yield str(t_5(str_join(('Read more: ', environment.getattr(l_1_item, 'url'), )), (undefined(name='width') if l_0_width is missing else l_0_width)))
            yield '\n'
        l_1_item = missing
    yield '\n\n'
    for l_1_line in environment.call(context, environment.getattr((undefined(name='sign_off') if l_0_sign_off is missing else l_0_sign_off), 'split'), '\n'):
        _loop_vars = {}
        pass
        yield str(t_5(l_1_line, (undefined(name='width') if l_0_width is missing else l_0_width)))
        yield '\n'
    l_1_line = missing
    yield '\n-- \n'
    yield str(t_5(str_join(('The whole list: ', (undefined(name='article_url') if l_0_article_url is missing else l_0_article_url), )), (undefined(name='width') if l_0_width is missing else l_0_width)))
    yield '\n'
    if (undefined(name='unsubscribe') if l_0_unsubscribe is missing else l_0_unsubscribe):
        pass
        yield str(t_5(str_join(('Unsubscribe: ', (undefined(name='unsubscribe') if l_0_unsubscribe is missing else l_0_unsubscribe), )), (undefined(name='width') if l_0_width is missing else l_0_width)))
        yield '\n'
    if (undefined(name='subscribe_url') if l_0_subscribe_url is missing else l_0_subscribe_url):
        pass
        yield str(t_5(str_join(('Forwarded to you? Subscribe: ', (undefined(name='subscribe_url') if l_0_subscribe_url is missing else l_0_subscribe_url), )), (undefined(name='width') if l_0_width is missing else l_0_width)))
        yield '\n'
    if (undefined(name='postal_address') if l_0_postal_address is missing else l_0_postal_address):
        pass
        yield '\n'
        for l_1_line in environment.call(context, environment.getattr((undefined(name='postal_address') if l_0_postal_address is missing else l_0_postal_address), 'split'), '\n'):
            _loop_vars = {}
            pass
            yield str(t_5(l_1_line, (undefined(name='width') if l_0_width is missing else l_0_width)))
            yield '\n'
        l_1_line = missing

blocks = {}
debug_info = '23=60&24=62&25=64&27=66&28=68&29=70&32=73&33=75&35=78&36=81&38=84&41=89&42=91&43=93&44=95&45=97&47=100&49=102&51=106&54=110&56=113&61=116&63=120&64=122&69=126&70=129&74=133&75=135&76=137&78=139&79=141&81=143&83=146&84=149'
