"""scenes.html.j2, compiled by Jinja 3.1.6 (python -m pipeline.precompiled)."""
# ruff: noqa
SOURCE_SHA256 = '82ce928d200f51b91e3427a015b44ad1b68098a4449bcfb83a86409504c3ff11'
JINJA_VERSION = '3.1.6'
SANDBOX = 'binops=%,*,**'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'scenes.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_collection = resolve('collection')
    l_0_page_url = resolve('page_url')
    l_0_updated = resolve('updated')
    l_0_structured_data = resolve('structured_data')
    l_0_scenes = resolve('scenes')
    l_0_by = l_0_dated = missing
    try:
        t_1 = environment.filters['heading']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'heading' found.")
    try:
        t_2 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_3 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_4 = environment.filters['long_date']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'long_date' found.")
    try:
        t_5 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    try:
        t_6 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    pass
    yield '<!DOCTYPE html>\n<html lang="'
    yield escape(environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'language'))
    yield '">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="color-scheme" content="light dark">\n<title>'
    yield escape(environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'title'))
    if environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'publisher'):
        pass
        yield ' | '
        yield escape(environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'publisher'))
    yield '</title>\n<meta name="description" content="'
    yield escape(environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'dek'))
    yield '">\n'
    if environment.call(context, environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'confirmed'), 'authors'):
        pass
        yield '<meta name="author" content="'
        yield escape(t_2(context.eval_ctx, t_5(context, environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'authors'), attribute='name'), ', '))
        yield '">\n'
    yield '<link rel="canonical" href="'
    yield escape((undefined(name='page_url') if l_0_page_url is missing else l_0_page_url))
    yield '">\n<meta property="og:type" content="article">\n<meta property="og:title" content="'
    yield escape(environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'title'))
    yield '">\n<meta property="og:description" content="'
    yield escape(environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'dek'))
    yield '">\n<meta property="og:url" content="'
    yield escape((undefined(name='page_url') if l_0_page_url is missing else l_0_page_url))
    yield '">\n<meta property="og:locale" content="'
    yield escape(t_6(context.eval_ctx, environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'language'), '-', '_'))
    yield '">\n'
    if environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'publisher'):
        pass
        yield '<meta property="og:site_name" content="'
        yield escape(environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'publisher'))
        yield '">\n'
    if environment.call(context, environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'confirmed'), 'published'):
        pass
        yield '<meta property="article:published_time" content="'
        yield escape(environment.call(context, environment.getattr(environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'published'), 'isoformat')))
        yield '">\n'
    if (undefined(name='updated') if l_0_updated is missing else l_0_updated):
        pass
        yield '<meta property="article:modified_time" content="'
        yield escape(environment.call(context, environment.getattr((undefined(name='updated') if l_0_updated is missing else l_0_updated), 'isoformat')))
        yield '">\n'
    yield '<meta name="twitter:card" content="summary">\n<meta name="twitter:title" content="'
    yield escape(environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'title'))
    yield '">\n<meta name="twitter:description" content="'
    yield escape(environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'dek'))
    yield '">\n<style>\n'
    template = environment.get_template('_page.css.j2', 'scenes.html.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {'by': l_0_by, 'dated': l_0_dated}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '</style>\n<script type="application/ld+json">\n'
    for l_1_part in (undefined(name='structured_data') if l_0_structured_data is missing else l_0_structured_data):
        _loop_vars = {}
        pass
        yield escape(l_1_part)
    l_1_part = missing
    yield '\n</script>\n</head>\n<body>\n'
    if environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'publisher'):
        pass
        yield '<header class="masthead">\n  <p class="masthead__name">'
        yield escape(environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'publisher'))
        yield '</p>\n</header>\n'
    yield '<main>\n<article>\n  <header class="head">\n    <h1>'
    yield escape(environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'title'))
    yield '</h1>\n    <p class="dek">'
    yield escape(environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'dek'))
    yield '</p>\n'
    l_0_by = environment.call(context, environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'confirmed'), 'authors')
    context.vars['by'] = l_0_by
    context.exported_vars.add('by')
    l_0_dated = environment.call(context, environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'confirmed'), 'published')
    context.vars['dated'] = l_0_dated
    context.exported_vars.add('dated')
    if ((undefined(name='by') if l_0_by is missing else l_0_by) or (undefined(name='dated') if l_0_dated is missing else l_0_dated)):
        pass
        yield '    <p class="byline">'
        if (undefined(name='by') if l_0_by is missing else l_0_by):
            pass
            yield 'By '
            l_1_loop = missing
            for l_1_author, l_1_loop in LoopContext(environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'authors'), undefined):
                l_1_rel = resolve('rel')
                _loop_vars = {}
                pass
                yield escape(('' if environment.getattr(l_1_loop, 'first') else (' and ' if environment.getattr(l_1_loop, 'last') else ', ')))
                if environment.getattr(l_1_author, 'url'):
                    pass
                    yield '<a class="author" href="'
                    yield escape(environment.getattr(l_1_author, 'url'))
                    yield '" rel="'
                    yield escape(environment.call(context, (undefined(name='rel') if l_1_rel is missing else l_1_rel), environment.getattr(l_1_author, 'url'), 'author', _loop_vars=_loop_vars))
                    yield '">'
                    yield escape(environment.getattr(l_1_author, 'name'))
                    yield '</a>'
                else:
                    pass
                    yield '<span class="author">'
                    yield escape(environment.getattr(l_1_author, 'name'))
                    yield '</span>'
            l_1_loop = l_1_author = l_1_rel = missing
        if ((undefined(name='by') if l_0_by is missing else l_0_by) and (undefined(name='dated') if l_0_dated is missing else l_0_dated)):
            pass
            yield '      <span class="byline__sep" aria-hidden="true">·</span>\n'
        if (undefined(name='dated') if l_0_dated is missing else l_0_dated):
            pass
            yield '      <time datetime="'
            yield escape(environment.call(context, environment.getattr(environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'published'), 'isoformat')))
            yield '">'
            yield escape(t_4(environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'published')))
            yield '</time>'
        yield '</p>\n'
    yield '  </header>\n  <div class="intro">\n'
    for l_1_paragraph in environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'intro'):
        _loop_vars = {}
        pass
        yield '    <p>'
        yield escape(l_1_paragraph)
        yield '</p>\n'
    l_1_paragraph = missing
    yield '  </div>\n'
    if environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'advisory'):
        pass
        yield '  <p class="advisory">'
        yield escape(environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'advisory'))
        yield '</p>\n'
    yield '  <nav class="contents" aria-label="The '
    yield escape(t_3((undefined(name='scenes') if l_0_scenes is missing else l_0_scenes)))
    yield ' scenes">\n    <details>\n      <summary>Jump to a scene</summary>\n      <ol>\n'
    for l_1_scene in (undefined(name='scenes') if l_0_scenes is missing else l_0_scenes):
        l_1_anchor = resolve('anchor')
        _loop_vars = {}
        pass
        yield '        <li><a href="#'
        yield escape(environment.call(context, (undefined(name='anchor') if l_1_anchor is missing else l_1_anchor), l_1_scene, _loop_vars=_loop_vars))
        yield '">'
        yield escape(t_1(l_1_scene))
        yield '</a></li>\n'
    l_1_scene = l_1_anchor = missing
    yield '      </ol>\n    </details>\n  </nav>\n'
    l_1_loop = missing
    for l_1_scene, l_1_loop in LoopContext((undefined(name='scenes') if l_0_scenes is missing else l_0_scenes), undefined):
        l_1_number = missing
        _loop_vars = {}
        pass
        l_1_number = environment.getattr(l_1_loop, 'index')
        _loop_vars['number'] = l_1_number
        template = environment.get_template('_scene.html.j2', 'scenes.html.j2')
        gen = template.root_render_func(template.new_context(context.get_all(), True, {'loop': l_1_loop, 'number': l_1_number, 'scene': l_1_scene, 'by': l_0_by, 'dated': l_0_dated}))
        try:
            for event in gen:
                yield event
        finally: gen.close()
    l_1_loop = l_1_scene = l_1_number = missing
    if environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'publisher'):
        pass
        yield '  <footer class="foot">\n    <p>© '
        if environment.call(context, environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'confirmed'), 'published'):
            pass
            yield escape(environment.getattr(environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'published'), 'year'))
            yield ' '
        yield escape(environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'publisher'))
        yield '</p>\n  </footer>\n'
    yield '</article>\n</main>\n</body>\n</html>\n'

blocks = {}
debug_info = '27=54&32=56&33=62&34=64&35=67&37=70&39=72&40=74&41=76&42=78&43=80&44=83&46=85&47=88&49=90&50=93&53=96&54=98&56=100&59=107&63=113&65=116&71=119&72=121&74=123&75=126&76=129&78=132&79=140&80=141&82=156&85=159&86=162&91=168&92=172&95=176&96=179&98=182&102=184&103=189&108=196&109=200&110=202&112=209&114=212'
